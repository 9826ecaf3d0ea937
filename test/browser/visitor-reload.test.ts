import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, sharedBrowser } from "./browser";
import { endChat, expectEndedOnServer, expectNoTrace, startChat } from "./visitor-page";

const browser = sharedBrowser();

/** Reloads the way a person does (not the DevTools call, which skips the page's question). */
function reloadByHand(page: Page): Promise<void> {
  return page.evaluate(() => location.reload());
}

describe("a reload in the middle of a chat", () => {
  it("asks first; staying keeps the chat as it was", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const chat = await startChat(page);
    const asked = new Promise<string>((resolve) => page.once("dialog", (d) => void d.dismiss().then(() => resolve(d.type()))));
    await reloadByHand(page);
    expect(await asked).toBe("beforeunload");
    await page.getByLabel("Typ je bericht").fill("nog hier");
    await page.getByRole("button", { name: "Verstuur" }).click();
    await page.getByText("nog hier").waitFor();
    // Still open on the server: this ends it (and fails if the question had ended it already).
    await endChat(browser(), chat);
    await context.close();
  });

  it("that goes ahead ends the chat on the server at once, so no counsellor finds a ghost in the queue", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const chat = await startChat(page);
    page.on("dialog", (d) => void d.accept());
    const reloaded = page.waitForEvent("load");
    await reloadByHand(page);
    await reloaded;
    await page.getByRole("button", { name: "Start de chat" }).waitFor();
    await expectEndedOnServer(browser(), chat);
    // Ended, not kept on the device for the next person on this phone.
    await expectNoTrace(context, page, await page.evaluate(() => history.length));
    await context.close();
  });

  it("closing the tab ends the chat on the server at once too", async () => {
    const context = await browser().newContext();
    const chat = await startChat(await context.newPage());
    await context.close();
    await expectEndedOnServer(browser(), chat);
  });

  it("does not ask on the start page, before any chat", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(baseUrl());
    await page.getByLabel("Nee").check();
    let asked = false;
    page.on("dialog", (d) => {
      asked = true;
      void d.accept();
    });
    const reloaded = page.waitForEvent("load");
    await reloadByHand(page);
    await reloaded;
    expect(asked).toBe(false);
    await context.close();
  });
});
