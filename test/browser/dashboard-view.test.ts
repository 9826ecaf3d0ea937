import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { CreatedInvite } from "../../schema/outreach";
import { PASSWORD, baseUrl, ensureAdmin, sharedBrowser } from "./browser";
import { endChat, startChat } from "./visitor-page";

const browser = sharedBrowser();
const SMALL = ["1", "2", "3", "4"];

/** Makes an outreach link from inside the logged-in dashboard page (admins may make links). */
function makeLink(staff: Page, channel: string): Promise<CreatedInvite> {
  return staff.evaluate(async (channel) => {
    const res = await fetch("/api/outreach/invites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel, maxUses: null }),
    });
    return res.json();
  }, channel) as Promise<CreatedInvite>;
}

/** The grid's key for the current hour in the helpline's zone, as the CSV writes it ("Tue 21:00"). */
function hourKey(timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", hourCycle: "h23" }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("hour")}:00`;
}

describe("the coordinator dashboard", () => {
  it("shows small counts as <5 in the page and the CSV alike, and never a count from 1 to 4", async () => {
    await ensureAdmin();
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByLabel("Login name").fill("anna");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Baken dashboard" }).waitFor();

    // A channel of this run's own, so other test files cannot push its counts past 4: two links made,
    // one opened, one chat started through it (which is also one more chat offered this hour).
    const channel = `dashboard-${Date.now()}`;
    const [link] = await Promise.all([makeLink(page, channel), makeLink(page, channel)]);
    const visitorContext = await browser().newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${baseUrl()}${link.path}`);
    const chat = await startChat(visitor);
    await endChat(browser(), chat);
    await visitorContext.close();

    await page.getByRole("button", { name: "Show" }).click();
    const row = page.getByRole("row", { name: new RegExp(channel) });
    await row.waitFor();
    const cells = await row.locator("th, td").allTextContents();
    expect(cells.slice(0, 4)).toEqual([channel, "<5", "<5", "<5"]);
    // None answered here; but other test files' chats may make the answered counts withheld ("—").
    expect(["0", "—"]).toContain(cells[4]);
    await page.getByRole("img", { name: "Chats offered by weekday and hour" }).waitFor();
    await page.getByRole("img", { name: "Topics" }).waitFor();
    await page.getByRole("img", { name: "Chats per week" }).waitFor();

    // No figure, table cell or grid cell on the page shows a count from 1 to 4.
    const texts = [
      ...(await page.locator("[data-figure]").allTextContents()),
      ...(await page.locator("td").allTextContents()),
      ...(await page.locator("svg text.value, svg text.cell-value").allTextContents()),
    ];
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) expect(SMALL).not.toContain(text.trim());

    // The export gives the same values, suppressed the same way.
    const href = (await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")) ?? "";
    const res = await page.request.get(`${baseUrl()}${href}`);
    expect(res.status()).toBe(200);
    const rows = (await res.text()).trim().split("\r\n").map((line) => line.split(","));
    const value = (section: string, key: string) => rows.find(([s, k]) => s === section && k === key)?.[2];
    expect(rows.length).toBeGreaterThan(170);
    for (const [, , v] of rows.slice(1)) expect(SMALL).not.toContain(v);
    expect(value("channel_created", channel)).toBe("<5");
    expect(value("channel_opened", channel)).toBe("<5");
    expect(value("channel_started", channel)).toBe("<5");
    expect(value("channel_answered", channel)).toBe(cells[4] === "—" ? "withheld" : "0");
    expect(value("total", "offered")).toBe(await page.locator('[data-figure="Chats offered"]').textContent());

    // This hour's grid cell holds at least the chat started above: the page's cell says what the CSV says.
    const timeZone = /Times are in ([^.]+)\./.exec((await page.locator(".hint").textContent()) ?? "")?.[1] ?? "";
    const key = hourKey(timeZone);
    const cell = value("offered_by_hour", key);
    expect(cell === "<5" || Number(cell) >= 5, `${key}: ${cell}`).toBe(true);
    await page.locator("svg title", { hasText: `${key} — ${cell}` }).waitFor({ state: "attached" });

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
