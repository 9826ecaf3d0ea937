import { describe, expect, it } from "vitest";
import { baseUrl, sharedBrowser } from "./browser";
import { endChat } from "./visitor-page";
import type { StartChatResponse } from "../../schema/http";

/** The bad connection: 400 kbit/s both ways with 400 ms latency (Chrome DevTools protocol). */
const THROTTLE = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const BUDGET_MS = 5000;

const browser = sharedBrowser();

describe("on a slow connection (400 kbit/s, 400 ms latency)", () => {
  it(`the page is usable and the chat connected within ${BUDGET_MS / 1000} s of navigation`, async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    const cdp = await context.newCDPSession(visitor);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", THROTTLE);

    const response = visitor.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/api/chats"));
    await visitor.goto(baseUrl(), { waitUntil: "commit" });
    // Times are the page's own performance.now(): milliseconds since navigation started.
    const now = () => visitor.evaluate(() => Math.round(performance.now()));
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    const usable = await now();
    const chat = (await (await response).json()) as StartChatResponse;
    await visitor.getByText(/Je bent nummer \d+ in de rij/).waitFor();
    const connected = await now();

    console.log(`slow network: start button usable at ${usable} ms, chat connected at ${connected} ms after navigation`);
    expect(connected).toBeLessThan(BUDGET_MS);
    await endChat(browser(), chat);
    await context.close();
  });
});
