import { describe, expect, it } from "vitest";
import { PASSWORD, baseUrl, ensureAdmin, sharedBrowser } from "./browser";

const browser = sharedBrowser();

describe("the coordinator dashboard", () => {
  it("shows suppressed counts, charts and the same numbers as the CSV", async () => {
    await ensureAdmin();
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByLabel("Login name").fill("anna");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Baken dashboard" }).waitFor();

    const offered = page.locator('[data-figure="Chats offered"]');
    await offered.waitFor();
    const shown = (await offered.textContent()) ?? "";
    expect(shown === "<5" || /^\d+$/.test(shown)).toBe(true);
    expect(["1", "2", "3", "4"]).not.toContain(shown);
    await page.getByRole("img", { name: "Chats offered by weekday and hour" }).waitFor();
    await page.getByRole("img", { name: "Topics" }).waitFor();
    await page.getByRole("img", { name: "Chats per week" }).waitFor();

    // The export link gives the same totals, suppressed the same way.
    const href = (await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")) ?? "";
    const csv = await page.request.get(`${baseUrl()}${href}`);
    expect(csv.status()).toBe(200);
    const row = (await csv.text()).split("\r\n").find((line) => line.startsWith("total,offered,"));
    expect(row).toBe(`total,offered,${shown}`);

    // A range the server refuses shows its message.
    await page.getByLabel("From").fill("2020-01-01");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByText(/A report covers at most/).waitFor();
    await context.close();
  });

  it("is refused to a visitor without a staff session", async () => {
    const res = await fetch(`${baseUrl()}/api/dashboard?from=2026-01-01&to=2026-01-31`);
    expect(res.status).toBe(401);
  });
});
