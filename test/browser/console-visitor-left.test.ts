/**
 * What the counsellor reads when the visitor leaves without ending the chat: a quick exit (the visitor
 * may be in danger) is told apart from a visitor who closed the page; a reload is no leaving at all.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, startVisitor, type Visitor, visitorSays } from "./console-helpers";
import { stubOutsideSites } from "./stub-sites";
import { GOODBYE_GRACE_SECONDS } from "../../worker/goodbye";

const browser = sharedBrowser();
const QUICK_EXIT = "The visitor left by quick exit. They may not be safe to talk now; do not expect them back in this chat.";
const CLOSED_PAGE = "The visitor closed the chat page.";

/** A visitor whose chat the console accepted, with the console on that chat's tab. */
async function acceptedChat(console: Page): Promise<Visitor> {
  const visitor = await startVisitor(browser());
  await stubOutsideSites(visitor.context);
  await acceptChat(console, visitor.id);
  await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
  await console.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
  return visitor;
}

/** What the console's open chat says about how it ended, once it says anything (a closed page: once its goodbye grace has passed). */
async function endNotice(console: Page): Promise<string> {
  const notice = console.locator(".chat .notice").filter({ hasText: /visitor/ });
  await notice.waitFor({ timeout: (GOODBYE_GRACE_SECONDS + 15) * 1000 });
  return (await notice.textContent()) ?? "";
}

describe("the counsellor is told how the visitor left", () => {
  it("by quick exit: said as a quick exit, as an alert", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await acceptedChat(console);
    await visitor.page.getByRole("button", { name: "Snel weg" }).click();
    expect(await endNotice(console)).toBe(QUICK_EXIT);
    await console.getByRole("alert").filter({ hasText: QUICK_EXIT }).waitFor();
    await visitor.context.close();
    await context.close();
  });

  it("a waiting chat leaves the console's queue at once on a quick exit, so nobody can accept it", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    await stubOutsideSites(visitor.context);
    const queued = console.locator(`.queue li[data-chat="${visitor.id}"]`);
    await queued.waitFor();
    await visitor.page.keyboard.press("Escape");
    // Well inside the abandonment grace (30 minutes) and the stale-socket limit (90 s): it went because it ended.
    await queued.waitFor({ state: "detached", timeout: 15_000 });
    await visitor.context.close();
    await context.close();
  });

  it("by reloading the page: not at all, the chat goes on", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await acceptedChat(console);
    const reloaded = visitor.page.waitForEvent("load");
    await visitor.page.evaluate(() => location.reload());
    await reloaded;
    await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await visitorSays(visitor, "weer terug");
    await console.getByRole("log").getByText("weer terug").waitFor();
    expect(await console.locator(".chat .notice").filter({ hasText: /visitor/ }).count()).toBe(0);
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    expect(await endNotice(console)).toBe("The visitor ended the chat.");
    await visitor.context.close();
    await context.close();
  });

  it("by closing the tab: said as a closed page, within the short grace", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await acceptedChat(console);
    await visitor.context.close();
    expect(await endNotice(console)).toBe(CLOSED_PAGE);
    await context.close();
  });
});
