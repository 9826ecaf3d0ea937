import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PASSWORD, baseUrl, ensureAdmin, sharedBrowser } from "./browser";

const browser = sharedBrowser();
const DAY_MS = 86_400_000;
const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

async function dashboard(): Promise<Page> {
  await ensureAdmin();
  const page = await (await browser().newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${baseUrl()}/dashboard`);
  await page.getByLabel("Login name").fill("anna");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("img", { name: "Chats per week" }).waitFor();
  return page;
}

async function show(page: Page, from: string, to: string): Promise<void> {
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/dashboard");
  await page.getByRole("button", { name: "Show" }).click();
  await loaded;
}

describe("the dashboard's layout", () => {
  it("keeps every chart a sane size and its labels small, for any range from a day to a year", async () => {
    const page = await dashboard();
    const width = (await page.locator("main").boundingBox())?.width ?? 0;
    for (const days of [1, 7, 30, 365]) {
      await show(page, isoDate(Date.now() - (days - 1) * DAY_MS), isoDate(Date.now()));
      await page.locator(".number").first().waitFor();
      for (const chart of await page.locator("svg[role=img]").all()) {
        const box = await chart.boundingBox();
        const name = `${await chart.getAttribute("aria-label")} over ${days} days`;
        expect(box, name).not.toBeNull();
        expect(box!.height, name).toBeGreaterThan(40);
        expect(box!.height, name).toBeLessThan(450);
        expect(box!.width, name).toBeLessThanOrEqual(width + 1);
        for (const label of await chart.locator("text").all()) {
          const text = await label.boundingBox();
          // Hidden labels (none drawn) have no box; drawn ones stay the size of body text or less.
          if (text) expect(text.height, `${name}: ${await label.textContent()}`).toBeLessThan(24);
        }
      }
    }
  });

  it("writes 'too few to say' on one line in the figure cards", async () => {
    const page = await dashboard();
    // A week long before any test made a chat: every wait and duration is too few to say.
    await show(page, "2025-01-06", "2025-01-12");
    const values = page.locator(".figure dd");
    await page.getByText("too few to say").first().waitFor();
    expect(await values.count()).toBe(4);
    const lineHeight = await values.first().evaluate((dd) => parseFloat(getComputedStyle(dd).lineHeight));
    for (const dd of await values.all()) {
      expect(await dd.textContent()).toBe("too few to say");
      expect((await dd.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    }
  });

  it("clears the old figures when the server refuses a range", async () => {
    const page = await dashboard();
    await page.locator("[data-figure]").first().waitFor();
    await show(page, "2020-01-01", isoDate(Date.now()));
    await page.getByRole("alert").getByText(/A report covers at most/).waitFor();
    expect(await page.locator("[data-figure]").count()).toBe(0);
    expect(await page.locator("svg[role=img]").count()).toBe(0);
  });
});
