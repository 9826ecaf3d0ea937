/**
 * The start's proof of work in the page: a start that owes work solves a real challenge and starts;
 * work that takes a while says "one moment" in the visitor's language, and the page keeps answering
 * (the quick exit above all) while it works.
 */
import { describe, expect, it } from "vitest";
import type { ApiError, StartChallenge, StartChatBody } from "../../schema/http";
import { baseUrl, chatStarted, sharedBrowser } from "./browser";
import { NEUTRAL, stubOutsideSites } from "./stub-sites";
import { endChat } from "./visitor-page";

const browser = sharedBrowser();
const isPath = (path: string) => (url: URL) => url.pathname === path;

describe("the start's proof of work", () => {
  it("solves a real challenge when the address owes work, and starts the chat", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(baseUrl());
    // Asking for challenges counts as starting: three make this address owe work, whatever ran before.
    for (let i = 0; i < 3; i++) await page.evaluate(() => fetch("/api/chats/challenge", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
    const posts: { status: number; body: StartChatBody }[] = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/api/chats") posts.push({ status: r.status(), body: r.request().postDataJSON() as StartChatBody });
    });
    const started = page.waitForResponse(chatStarted);
    await page.getByRole("button", { name: "Start de chat" }).click();
    const chat = await (await started).json();
    await page.getByText(/Je bent nummer \d+ in de rij/).waitFor();
    expect(posts.map((p) => p.status)).toEqual([403, 201]);
    expect(posts[0]?.body.proof).toBeUndefined();
    expect(posts[1]?.body.proof?.challenge).toMatch(/\.8\./);
    await endChat(browser(), chat);
    await context.close();
  });

  it("says 'one moment' when the work takes a while, in Dutch and English, and the quick exit still works", async () => {
    const context = await browser().newContext();
    await stubOutsideSites(context);
    const page = await context.newPage();
    // A challenge this machine does not solve in the test's time (24 bits), so the page is caught at work.
    const expiresAt = Date.now() + 120_000;
    const hard: StartChallenge = { challenge: `${"A".repeat(22)}.${expiresAt}.24.${"B".repeat(43)}`, bits: 24, expiresAt };
    await page.route(isPath("/api/chats/challenge"), (route) => route.fulfill({ json: hard }));
    const refusal: ApiError = { error: "challenge_required", message: "Show work first." };
    await page.route(isPath("/api/chats"), (route) => route.fulfill({ status: 403, json: refusal }));
    await page.goto(baseUrl());
    await page.getByRole("button", { name: "Start de chat" }).click();
    await page.getByRole("status").getByText("Even geduld… je telefoon doet een korte controle").waitFor();
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("status").getByText("One moment… your phone is doing a short check").waitFor();
    await page.getByRole("button", { name: "Quick exit" }).click();
    await page.waitForURL(NEUTRAL);
    await context.close();
  });
});
