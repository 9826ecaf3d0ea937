/**
 * A reload in the middle of a chat keeps it: the page finds the chat's token in its tab (sessionStorage,
 * nothing longer-lived) and says hello again within the server's short goodbye grace. A closed tab
 * never comes back, so the chat ends within that grace, and what the tab held went with it.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { GOODBYE_GRACE_SECONDS } from "../../worker/goodbye";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, startVisitor, visitorSays } from "./console-helpers";
import { NEUTRAL, stubOutsideSites } from "./stub-sites";
import { expectNoTrace } from "./visitor-page";

const browser = sharedBrowser();

/** Reloads the way a person does (not the DevTools call). */
async function reloadByHand(page: Page): Promise<void> {
  const loaded = page.waitForEvent("load");
  await page.evaluate(() => location.reload());
  await loaded;
}

function tabStorage(page: Page): Promise<{ session: number; local: number; cookie: string }> {
  return page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length, cookie: document.cookie }));
}

describe("a reload in the middle of a chat", () => {
  it("keeps the transcript, asks nothing, and the counsellor can still talk to the visitor", async () => {
    const { page: console, context: staff } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await console.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    await visitorSays(visitor, "voor de herlaadknop");
    await console.getByRole("log").getByText("voor de herlaadknop").waitFor();
    // Only the tab holds the chat: no cookie, nothing in localStorage.
    expect(await tabStorage(visitor.page)).toEqual({ session: 1, local: 0, cookie: "" });

    let asked = false;
    visitor.page.on("dialog", (d) => {
      asked = true;
      void d.dismiss();
    });
    await reloadByHand(visitor.page);
    await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await visitor.page.getByRole("log").getByText("voor de herlaadknop").waitFor();
    expect(asked).toBe(false);

    await console.getByLabel("Reply").fill("Ben je er nog?");
    await console.getByRole("button", { name: "Send" }).click();
    await visitor.page.getByRole("log").getByText("Ben je er nog?").waitFor();
    await visitorSays(visitor, "ja, nog hier");
    await console.getByRole("log").getByText("ja, nog hier").waitFor();
    expect(await console.locator(".chat .notice").filter({ hasText: /visitor/ }).count()).toBe(0);

    // Ended by the visitor: the tab lets go of the chat at once, and a reload starts afresh.
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.page.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await expectNoTrace(visitor.context, visitor.page, await visitor.page.evaluate(() => history.length));
    await reloadByHand(visitor.page);
    await visitor.page.getByRole("button", { name: "Start de chat" }).waitFor();
    await visitor.context.close();
    await staff.close();
  });

  it("closing the tab ends the chat within the short grace: it leaves the console's queue", async () => {
    const { page: console, context: staff } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    const queued = console.locator(`.queue li[data-chat="${visitor.id}"]`);
    await queued.waitFor();
    await visitor.context.close();
    // Far inside the abandonment grace (30 minutes) and the stale-socket limit (90 s): the goodbye ended it.
    await queued.waitFor({ state: "detached", timeout: (GOODBYE_GRACE_SECONDS + 15) * 1000 });
    await staff.close();
  });

  it("after a quick exit, the tab holds nothing of the chat and Back does not return to it", async () => {
    const visitor = await startVisitor(browser());
    await stubOutsideSites(visitor.context);
    await visitor.page.getByRole("button", { name: "Snel weg" }).click();
    await visitor.page.waitForURL(NEUTRAL);
    await visitor.page.goBack();
    expect(visitor.page.url()).not.toContain(baseUrl());
    // The same tab back on the chat's address: nothing in its sessionStorage, so no chat comes back.
    await visitor.page.goto(baseUrl());
    await visitor.page.getByRole("button", { name: "Start de chat" }).waitFor();
    expect(await tabStorage(visitor.page)).toEqual({ session: 0, local: 0, cookie: "" });
    await visitor.context.close();
  });
});
