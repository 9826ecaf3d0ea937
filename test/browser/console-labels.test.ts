/**
 * What staff read in the console beyond the chats: the outreach link they must copy, the names a
 * screen reader gives the queue's Accept buttons, and dates in the staff member's own locale.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PASSWORD, baseUrl, counsellorPage, ensureAdmin, sharedBrowser } from "./browser";
import { endChat, startChat } from "./visitor-page";

const browser = sharedBrowser();

/** What sticks out past the right edge of the screen, by tag and class; empty when the page fits. */
function pageOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth
      ? []
      : Array.from(document.querySelectorAll("body *"))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}${Array.from(el.classList).map((c) => `.${c}`).join("")}`),
  );
}

describe("console text", () => {
  it("fits a phone: the new outreach link stays in its box and copies with a button, wide tables scroll in a box of their own, the chats page stacks", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
    await admin.getByRole("button", { name: "Outreach links" }).click();
    // The longest channel without a space there can be: the table of links must not push the page wide.
    await admin.getByLabel(/Channel/).fill("x".repeat(40));
    await admin.getByRole("button", { name: "Make link" }).click();
    const link = admin.locator("output.link-out");
    const text = (await link.textContent()) ?? "";
    expect(text).toMatch(/\/i\/[A-Za-z0-9_-]{16}$/);

    for (const width of [1280, 375]) {
      await admin.setViewportSize({ width, height: 800 });
      const fits = await link.evaluate((out) => {
        const box = out.getBoundingClientRect();
        const notice = out.closest(".notice")?.getBoundingClientRect();
        return {
          insideNotice: notice !== undefined && box.left >= notice.left && box.right <= notice.right,
          noScroll: out.scrollWidth <= out.clientWidth,
        };
      });
      expect({ width, ...fits }).toEqual({ width, insideNotice: true, noScroll: true });
      expect(await pageOverflow(admin)).toEqual([]);
    }

    await admin.getByRole("button", { name: "Copy", exact: true }).click();
    await admin.getByText("Copied.").waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(text);

    // On a phone a wide table scrolls inside its own box, which a keyboard can reach, and the page stays put.
    for (const [button, table] of [["Accounts and audit", "Staff accounts"], ["Outreach links", "Links"]] as const) {
      await admin.getByRole("button", { name: button }).click();
      const box = admin.getByRole("region", { name: table, exact: true });
      await box.locator("tbody tr").first().waitFor();
      expect(await pageOverflow(admin)).toEqual([]);
      expect(await box.evaluate((el) => el.tabIndex)).toBe(0);
    }
    // And the chats page stacks the queue above the counsellor's own chats, each the width of the screen.
    await admin.getByRole("button", { name: "Chats", exact: true }).click();
    const widths = await admin.evaluate(() =>
      [".queue", ".tabs"].map((part) => document.querySelector(part)?.getBoundingClientRect().width),
    );
    expect(widths).toEqual([375, 375]);
    await context.close();
  });

  it("names each Accept button after its chat for a screen reader, and still shows Accept", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    const visitors = await Promise.all([browser().newContext(), browser().newContext()]);
    const [danger, calm] = await Promise.all(visitors.map((c) => c.newPage()));
    const inDanger = await startChat(danger!, "Ja");
    const notInDanger = await startChat(calm!, "Nee");

    const accept = (id: string) => admin.locator(`li[data-chat="${id}"] button.primary`);
    await accept(inDanger.conversationId).waitFor();
    await accept(notInDanger.conversationId).waitFor();
    expect(await accept(inDanger.conversationId).getAttribute("aria-label")).toBe("Accept chat waiting less than a minute, in danger, in Dutch");
    expect(await accept(notInDanger.conversationId).getAttribute("aria-label")).toBe("Accept chat waiting less than a minute, in Dutch");
    // The role query a screen reader user relies on finds the chat by that name.
    await admin.getByRole("button", { name: "Accept chat waiting less than a minute, in danger, in Dutch", exact: true }).first().waitFor();
    expect(await accept(inDanger.conversationId).textContent()).toBe("Accept");

    for (const chat of [inDanger, notInDanger]) await endChat(browser(), chat);
    for (const c of [...visitors, context]) await c.close();
  });

  it("shows audit dates in the staff member's locale, with the exact time machine-readable", async () => {
    await ensureAdmin();
    const context = await browser().newContext({ locale: "nl-NL", timezoneId: "Europe/Amsterdam" });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/console`);
    await page.getByLabel("Login name").fill("anna");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Accounts and audit" }).click();

    const times = page.locator("table.audit time");
    await times.first().waitFor();
    // Formatted by the browser's own locale data, as it would for any Dutch page.
    const shown = await times.evaluateAll((els) => {
      const dutch = new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
      return els.map((el) => {
        const at = Date.parse(el.getAttribute("datetime") ?? "");
        return { text: el.textContent ?? "", at, dutch: dutch.format(at) };
      });
    });
    for (const { text, dutch } of shown) {
      // Day, abbreviated Dutch month, year, and the time on a 24-hour clock.
      expect(text).toMatch(/^\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}.*\d{2}:\d{2}$/);
      expect(text).toBe(dutch);
    }
    // The login just now is among them.
    expect(Math.max(...shown.map((s) => s.at))).toBeGreaterThan(Date.now() - 10 * 60_000);
    await context.close();
  });
});
