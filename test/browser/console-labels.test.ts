/**
 * What staff read in the console beyond the chats: the outreach link they must copy, the names a
 * screen reader gives the queue's Accept buttons, and dates in the staff member's own locale.
 */
import { describe, expect, it } from "vitest";
import { PASSWORD, baseUrl, counsellorPage, ensureAdmin, sharedBrowser } from "./browser";
import { endChat, startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("console text", () => {
  it("keeps a new outreach link inside its box on a laptop and a phone, and copies it with a button", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
    await admin.getByRole("button", { name: "Outreach links" }).click();
    await admin.getByLabel(/Channel/).fill("advert site");
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
          page: document.documentElement.scrollWidth <= window.innerWidth,
        };
      });
      expect({ width, ...fits }).toEqual({ width, insideNotice: true, noScroll: true, page: true });
    }

    await admin.getByRole("button", { name: "Copy", exact: true }).click();
    await admin.getByText("Copied.").waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(text);
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
