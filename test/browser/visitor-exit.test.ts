import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, sharedBrowser } from "./browser";
import { CAME_FROM, NEUTRAL, stubOutsideSites } from "./stub-sites";
import { endChat, expectEndedOnServer, startChat } from "./visitor-page";

/** WebSocket.readyState once close() has been called. */
const CLOSING = 2;

const browser = sharedBrowser();

type Blanked = { title: string; sockets: number[] };
type InChat = {
  context: BrowserContext;
  page: Page;
  blanked: Promise<Blanked>;
  end: () => Promise<void>;
  /** The quick exit ended the chat for the server too: nothing waits in the queue for a counsellor. */
  expectEnded: () => Promise<void>;
};

/**
 * A visitor mid-chat who came from another site. A probe in the page reports the moment the page is
 * blanked, before the neutral site loads, what is left of it: the title and each socket's state.
 */
async function visitorInChat(): Promise<InChat> {
  const context = await browser().newContext();
  await stubOutsideSites(context);
  const page = await context.newPage();
  const blanked = new Promise<Blanked>((resolve) => void page.exposeFunction("reportBlank", resolve));
  await page.addInitScript(() => {
    const sockets: WebSocket[] = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
    addEventListener("DOMContentLoaded", () => {
      new MutationObserver(() => {
        if (document.body.childElementCount > 0) return;
        const report = (window as unknown as { reportBlank: (b: Blanked) => void }).reportBlank;
        report({ title: document.title, sockets: sockets.map((s) => s.readyState) });
      }).observe(document.body, { childList: true });
    });
  });
  await page.goto(CAME_FROM);
  await page.goto(baseUrl());
  const chat = await startChat(page);
  await page.getByLabel("Typ je bericht").fill("dit mag niemand zien");
  return { context, page, blanked, end: () => endChat(browser(), chat), expectEnded: () => expectEndedOnServer(browser(), chat) };
}

/** Blank, titleless and with every socket closing before it leaves; then Back skips the chat page. */
async function expectGone({ page, blanked }: InChat): Promise<void> {
  const left = await blanked;
  expect(left.title).toBe("");
  expect(left.sockets.length).toBeGreaterThan(0);
  expect(left.sockets.every((state) => state >= CLOSING)).toBe(true);
  await page.waitForURL(NEUTRAL);
  await page.goBack();
  expect(page.url()).toBe(CAME_FROM);
  await page.goForward();
  expect(page.url()).toBe(NEUTRAL);
}

/** A fresh page whose neutral site and previous site are stubs. */
async function pageWithNeutralSite(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser().newContext();
  await stubOutsideSites(context);
  return { context, page: await context.newPage() };
}

describe("quick exit", () => {
  it("by the button: blanks the page at once, closes the socket, and Back does not return", async () => {
    const chat = await visitorInChat();
    await chat.page.getByRole("button", { name: "Snel weg" }).click();
    await expectGone(chat);
    await chat.context.close();
    await chat.expectEnded();
  });

  it("by pressing Shift three times", async () => {
    const chat = await visitorInChat();
    for (let i = 0; i < 3; i++) await chat.page.keyboard.press("Shift");
    await expectGone(chat);
    await chat.context.close();
    await chat.expectEnded();
  });

  it("by pressing Escape", async () => {
    const chat = await visitorInChat();
    await chat.page.keyboard.press("Escape");
    await expectGone(chat);
    await chat.context.close();
    await chat.expectEnded();
  });

  it("not by typing capitals: Shift with other keys in between is just typing", async () => {
    const { context, page, end } = await visitorInChat();
    await page.getByLabel("Typ je bericht").pressSequentially("A B C");
    await page.getByLabel("Typ je bericht").press("Shift+D");
    expect(page.url()).toBe(`${baseUrl()}/`);
    expect(await page.getByLabel("Typ je bericht").inputValue()).toBe("dit mag niemand zienA B CD");
    await end();
    await context.close();
  });

  it("is available on the start page too", async () => {
    const { context, page } = await pageWithNeutralSite();
    await page.goto(baseUrl());
    await page.getByRole("button", { name: "Start de chat" }).waitFor();
    await page.keyboard.press("Escape");
    await page.waitForURL(NEUTRAL);
    await context.close();
  });

  it("stays available while reading what is kept, which opens inside the page without a history entry", async () => {
    const { context, page } = await pageWithNeutralSite();
    await page.goto(CAME_FROM);
    await page.goto(baseUrl());
    const historyAtLoad = await page.evaluate(() => history.length);
    await page.getByRole("button", { name: "Wat we bewaren (privacy)" }).click();
    await page.getByRole("heading", { name: "Privacy: wat Baken bewaart" }).waitFor();
    await page.getByText(/30 dagen lang/).waitFor();
    // Same page, same address, no new history entry; focus on the new screen's heading.
    expect(page.url()).toBe(`${baseUrl()}/`);
    expect(await page.evaluate(() => history.length)).toBe(historyAtLoad);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("privacy-heading");
    await page.getByRole("button", { name: "Snel weg" }).waitFor();

    // Back to the start, and in again: still no new entry.
    await page.getByRole("button", { name: "Terug naar de chat" }).click();
    await page.getByRole("button", { name: "Start de chat" }).waitFor();
    await page.getByRole("button", { name: "Wat we bewaren (privacy)" }).click();
    expect(await page.evaluate(() => history.length)).toBe(historyAtLoad);

    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    await page.waitForURL(NEUTRAL);
    await page.goBack();
    expect(page.url()).toBe(CAME_FROM);
    await context.close();
  });

  it("works by the button on the privacy screen too", async () => {
    const { context, page } = await pageWithNeutralSite();
    await page.goto(baseUrl());
    await page.getByRole("button", { name: "Wat we bewaren (privacy)" }).click();
    await page.getByRole("heading", { name: "Privacy: wat Baken bewaart" }).waitFor();
    await page.getByRole("button", { name: "Snel weg" }).click();
    await page.waitForURL(NEUTRAL);
    await context.close();
  });

  it("is on the standalone privacy page too, by button and by Escape", async () => {
    const { context, page } = await pageWithNeutralSite();
    await page.goto(`${baseUrl()}/privacy`);
    await page.getByRole("button", { name: "Snel weg" }).click();
    await page.waitForURL(NEUTRAL);
    await page.goto(`${baseUrl()}/privacy`);
    await page.getByRole("heading", { name: "Privacy: wat Baken bewaart" }).waitFor();
    await page.keyboard.press("Escape");
    await page.waitForURL(NEUTRAL);
    await context.close();
  });
});
