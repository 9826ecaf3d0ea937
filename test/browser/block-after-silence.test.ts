/**
 * A block holds over real time, end to end: a chat two minutes old (long enough for the idle
 * RateLimiter to have been evicted, which made a new day's key and so blocked nothing) is blocked,
 * and after a minute of silence (evicted again) the visitor's next start is still refused. Real
 * waiting, about three minutes: no clock is moved, so the objects go idle as they do in use.
 */
import { describe, expect, it } from "vitest";
import type { BlockResult } from "../../schema/block";
import { utcDay } from "../../schema/day-key";
import { sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor } from "./console-helpers";

const browser = sharedBrowser();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a block over time", () => {
  it("made two minutes into a chat, still refuses the visitor after a minute of silence", { timeout: 300_000 }, async () => {
    await ensureStaff("patient", "Pim", "counsellor");
    const { page: console, context } = await consoleAs(browser(), "patient");
    // A network of this test's own (the header Cloudflare sets), so no other test's visitor is blocked.
    const startedAt = Date.now();
    const { context: visitorContext, page: visitor, id: conversationId } = await startVisitor(browser(), "Nee", "/", "2001:db8:51:1e47::9");
    await acceptChat(console, conversationId);
    await console.locator(`.tabs button[data-chat="${conversationId}"]`).click();

    await wait(120_000);
    await console.getByRole("button", { name: "Block visitor" }).click();
    const form = console.getByRole("form", { name: "Block the visitor" });
    const blocking = console.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/block") && r.request().method() === "POST");
    await form.getByRole("button", { name: "Block and end the chat" }).click();
    const result = (await (await blocking).json()) as BlockResult;
    await visitor.getByText("Je kunt nu even niet met ons chatten.", { exact: false }).waitFor();

    await wait(60_000);
    await visitor.getByRole("button", { name: "Nieuwe chat" }).click();
    await visitor.getByLabel("Nee").check();
    const again = visitor.waitForResponse((r) => new URL(r.url()).pathname === "/api/chats" && r.request().method() === "POST");
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    const status = (await again).status();
    // Midnight UTC ends every network block with the day's key: only a run that crosses it sees the start go through.
    if (utcDay(startedAt) === utcDay(Date.now())) {
      expect(result.network).toBe(true);
      await console.getByText(/New chats from this visitor's network are refused until/).waitFor();
      expect(status).toBe(403);
      await visitor.getByRole("heading", { name: "Je kunt nu even niet chatten" }).waitFor();
    } else {
      expect(status).toBe(201);
      await visitor.getByRole("button", { name: "Stop de chat" }).click();
      await visitor.getByRole("button", { name: "Ja, stop" }).click();
    }
    await Promise.all([visitorContext.close(), context.close()]);
  });
});
