import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { allowEmbedding, partnerSites } from "./partner-site";
import { CAME_FROM, NEUTRAL, stubOutsideSites } from "./stub-sites";
import { endChat, expectEndedOnServer, startChat } from "./visitor-page";

const browser = sharedBrowser();
const partnerSite = partnerSites();
let partner = "";
let restore = async () => {};

beforeAll(async () => {
  partner = await partnerSite();
  const { page: admin } = await counsellorPage(browser());
  restore = await allowEmbedding(admin, [partner]);
});
afterAll(() => restore());

/** A visitor who came from another site to the partner's page and is waiting in its embedded chat. */
async function embeddedChat() {
  const context = await browser().newContext();
  await stubOutsideSites(context);
  const page = await context.newPage();
  await page.goto(CAME_FROM);
  await page.goto(partner);
  const frame = page.frameLocator("iframe");
  const chat = await startChat(page, "Nee", frame);
  await frame.getByLabel("Typ je bericht").fill("dit mag niemand zien");
  return { context, page, frame, chat };
}

/** The whole tab left: the partner's page is gone, and Back skips it to where the visitor came from. */
async function expectTabLeft(page: Page): Promise<void> {
  await page.waitForURL(NEUTRAL, { timeout: 10_000 });
  await page.goBack();
  expect(page.url()).toBe(CAME_FROM);
}

describe("quick exit inside the embedded chat", () => {
  it("by the button: leaves the partner's page for the neutral site, Back skips it, and the chat ends", async () => {
    const { context, page, frame, chat } = await embeddedChat();
    await frame.getByRole("button", { name: "Snel weg" }).click();
    await expectTabLeft(page);
    await context.close();
    await expectEndedOnServer(browser(), chat);
  });

  it("by Escape in the message box", async () => {
    const { context, page, frame, chat } = await embeddedChat();
    await frame.getByLabel("Typ je bericht").press("Escape");
    await expectTabLeft(page);
    await context.close();
    await expectEndedOnServer(browser(), chat);
  });

  it("by Shift three times", async () => {
    const { context, page, frame, chat } = await embeddedChat();
    for (let i = 0; i < 3; i++) await frame.getByLabel("Typ je bericht").press("Shift");
    await expectTabLeft(page);
    await context.close();
    await expectEndedOnServer(browser(), chat);
  });

  it("is not something the partner's page can set off: embed.js obeys only the chat's own origin", async () => {
    const { context, page, chat } = await embeddedChat();
    const forged = { type: "baken:quick-exit", url: NEUTRAL };
    // The partner's page (or anything else on it) posting the chat's message must not move the tab.
    await page.evaluate((message) => window.postMessage(message, "*"), forged);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(page.url()).toBe(`${partner}/`);
    await endChat(browser(), chat);
    await context.close();
  });
});
