import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type HelplineInfo } from "../../schema/helpline";
import type { StartChallenge } from "../../schema/http";
import { solve } from "../../web/visitor/proof-of-work";
import { baseUrl, counsellorPage, launch } from "./browser";
import { saveSettings } from "./visitor-page";

const NEUTRAL = "https://neutral.example/news";

let browser: Browser;
let admin: Page;
beforeAll(async () => {
  browser = await launch();
  ({ page: admin } = await counsellorPage(browser));
});
afterAll(async () => {
  // Other test files expect an open helpline.
  if (admin) await saveSettings(admin, DEFAULT_SETTINGS);
  await browser?.close();
});

/** Open only the day after tomorrow in Amsterdam, 10:00 to 12:00: closed now whatever the time. */
function dayAfterTomorrow(): number {
  const weekday = new Date().toLocaleDateString("en-US", { timeZone: "Europe/Amsterdam", weekday: "short" });
  return (["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(weekday) + 2) % 7;
}

/** Every report of a closed-page view the page sends, collected as they go out. */
function closedVisitReports(page: Page): string[] {
  const reports: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/closed-visit")) reports.push(r.method());
  });
  return reports;
}

describe("outside opening hours", () => {
  it("shows when the helpline opens, the hours and the alternatives, and starts no chat", async () => {
    const day = dayAfterTomorrow();
    await saveSettings(admin, {
      ...DEFAULT_SETTINGS,
      openingHours: [{ day, open: "10:00", close: "12:00" }],
      neutralSite: NEUTRAL,
    });

    const context = await browser.newContext();
    await context.route(NEUTRAL, (route) => route.fulfill({ contentType: "text/html", body: "<p>news</p>" }));
    const visitor = await context.newPage();
    const reports = closedVisitReports(visitor);
    const reported = visitor.waitForResponse((r) => r.url().endsWith("/api/closed-visit"));
    await visitor.goto(baseUrl());
    await visitor.getByRole("heading", { name: "We zijn nu gesloten" }).waitFor();
    // The view is counted as "tried outside opening hours": posted once, and counted (204).
    expect((await reported).status()).toBe(204);
    const dayName = new Intl.DateTimeFormat("nl", { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2026, 0, 4 + day));
    await visitor.getByText(new RegExp(`We zijn weer open op ${dayName} .* 10:00`)).waitFor();
    await visitor.getByText(`${dayName}: 10:00 tot 12:00`).waitFor();
    const emergency = visitor.getByRole("link", { name: "In direct gevaar: bel 112" });
    expect(await emergency.getAttribute("href")).toBe("tel:112");
    expect(await visitor.getByRole("button", { name: "Start de chat" }).count()).toBe(0);

    // In English too.
    await visitor.getByRole("button", { name: "Switch to English" }).click();
    await visitor.getByRole("heading", { name: "We are closed right now" }).waitFor();
    await visitor.getByRole("link", { name: "In immediate danger: call 112" }).waitFor();

    // The server refuses a chat even if the page is bypassed, with the work this address owes shown.
    const post = (path: string, body: object) =>
      visitor.evaluate(
        async ({ path, body }) => {
          const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
          return { status: res.status, body: (await res.json()) as { error: string } & StartChallenge };
        },
        { path, body },
      );
    const { challenge, bits } = (await post("/api/chats/challenge", {})).body;
    const status = await post("/api/chats", { proof: { challenge, counter: await solve(challenge, bits) } });
    expect(status).toMatchObject({ status: 503, body: { error: "closed" } });
    // Switching language and looking again are the same page view: still one report.
    await visitor.getByRole("button", { name: "Check again" }).click();
    await visitor.getByRole("heading", { name: "We are closed right now" }).waitFor();
    expect(reports).toHaveLength(1);

    // The quick exit goes to the neutral site the helpline configured.
    await visitor.keyboard.press("Escape");
    await visitor.waitForURL(NEUTRAL);
    await context.close();
  });

  it("offers a web address among the alternatives as a real link that opens in the same tab, phone numbers as tel: links", async () => {
    const site = "https://hulp.example/chat";
    await saveSettings(admin, {
      ...DEFAULT_SETTINGS,
      openingHours: [],
      alternatives: [
        ...DEFAULT_SETTINGS.alternatives,
        { label: { nl: "Chat met een andere hulplijn", en: "Chat with another helpline" }, contact: site },
      ],
    });
    const context = await browser.newContext();
    await context.route(site, (route) => route.fulfill({ contentType: "text/html", body: "<p>hulp</p>" }));
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    const link = visitor.getByRole("link", { name: "Chat met een andere hulplijn" });
    expect(await link.getAttribute("href")).toBe(site);
    // No window.opener for the other site, no referrer, and no target: a new tab is one more trace on a shared phone.
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await link.getAttribute("target")).toBeNull();
    expect(await visitor.getByRole("link", { name: "Politie, geen spoed" }).getAttribute("href")).toBe("tel:09008844");
    await link.click();
    await visitor.waitForURL(site);
    expect(context.pages()).toHaveLength(1);
    await context.close();
  });

  it("says today or tomorrow when the next opening is that close, by the helpline's calendar", async () => {
    await saveSettings(admin, { ...DEFAULT_SETTINGS, openingHours: [{ day: dayAfterTomorrow(), open: "10:00", close: "12:00" }] });
    const { nextOpening } = (await (await fetch(`${baseUrl()}/api/helpline`)).json()) as HelplineInfo;
    expect(nextOpening).not.toBeNull();
    const HOUR = 3_600_000;
    // A phone set to California: two hours before opening it is still the evening before there, so
    // the phone's own calendar would say "tomorrow"; the helpline's says today.
    for (const [before, text] of [
      [2 * HOUR, "We zijn vandaag weer open om 10:00."],
      [24 * HOUR, "We zijn morgen weer open om 10:00."],
    ] as const) {
      const context = await browser.newContext({ timezoneId: "America/Los_Angeles" });
      const visitor = await context.newPage();
      await visitor.clock.setSystemTime((nextOpening ?? 0) - before);
      await visitor.goto(baseUrl());
      await visitor.getByText(text).waitFor();
      await context.close();
    }
  });

  it("a visitor on the start page when the helpline closes sees the closed page instead of a chat", async () => {
    await saveSettings(admin, DEFAULT_SETTINGS);
    const context = await browser.newContext();
    const visitor = await context.newPage();
    const reports = closedVisitReports(visitor);
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    await saveSettings(admin, { ...DEFAULT_SETTINGS, openingHours: [] });
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("heading", { name: "We zijn nu gesloten" }).waitFor();
    await visitor.getByText("We weten nog niet wanneer we weer open zijn.").waitFor();
    // The refused start was counted by the server already; the page does not count the view again.
    expect(reports).toHaveLength(0);

    // Open again: "check again" brings the start page back.
    await saveSettings(admin, DEFAULT_SETTINGS);
    await visitor.getByRole("button", { name: "Kijk opnieuw" }).click();
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    await context.close();
  });
});
