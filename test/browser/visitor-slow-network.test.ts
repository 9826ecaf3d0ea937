import { describe, it } from "vitest";
import { THROTTLE } from "../../bench/slow-connection.mjs";
import { baseUrl, chatStarted, sharedBrowser } from "./browser";
import { endChat } from "./visitor-page";
import type { StartChatResponse } from "../../schema/http";

const browser = sharedBrowser();

// How fast is measured by `npm run bench:slow-network`, not here: a timed test fails on a busy machine.
describe("on a slow connection (400 kbit/s, 400 ms latency)", () => {
  it("the page loads, starts a chat and shows the visitor's place in the queue", async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    const cdp = await context.newCDPSession(visitor);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", THROTTLE);

    const response = visitor.waitForResponse(chatStarted);
    await visitor.goto(baseUrl(), { waitUntil: "commit" });
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    const chat = (await (await response).json()) as StartChatResponse;
    await visitor.getByText(/Je bent nummer \d+ in de rij/).waitFor();
    await endChat(browser(), chat);
    await context.close();
  });
});
