/**
 * Quick exit ends the chat for the server at once: no ghost chat in the queue for a counsellor to
 * accept, nothing left of what was not kept, and the counsellor told it was a quick exit.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CloseCode } from "../../schema/protocol";
import { accept, connectCounsellor, connectVisitor, loginAdmin, postJson, startChat, chatUnderWay } from "./helpers";
import { tablesOf } from "./keep";

/** Whether the Desk still lists the chat, waiting or held. */
function queued(conversationId: string): Promise<boolean> {
  return env.DESK.getByName(DEFAULT_HELPLINE).isOpen(conversationId);
}

/** A closed page's goodbye ends the chat once its short grace passes (goodbye.test.ts): let it pass now. */
async function endGoodbyeGrace(conversationId: string): Promise<void> {
  const stub = env.CONVERSATION.getByName(conversationId);
  await expect
    .poll(() => runInDurableObject(stub, (_obj, state) => state.storage.sql.exec<{ at: number | null }>("SELECT goodbye_at AS at FROM meta").one().at))
    .not.toBeNull();
  await runInDurableObject(stub, (_obj, state) => void state.storage.sql.exec("UPDATE meta SET goodbye_at = 0"));
  await runDurableObjectAlarm(stub);
}

describe("quick exit", () => {
  it("by the socket's exit frame takes a waiting chat out of the queue and erases it, without waiting out the grace", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "1", text: "ik ben bang" });
    await visitor.next("ack");
    expect(await queued(chat.conversationId)).toBe(true);

    visitor.send({ type: "exit" });
    expect(await visitor.next("ended")).toEqual({ type: "ended", by: "quick_exit" });
    expect((await visitor.closedWith()).code).toBe(CloseCode.ended);
    await expect.poll(() => queued(chat.conversationId)).toBe(false);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
  });

  it("by the page's exit request ends an accepted chat and tells the counsellor it was a quick exit", async () => {
    const { chat, visitor, counsellor } = await chatUnderWay();
    // The visitor's socket is already gone (the page is leaving): only the request arrives.
    visitor.close();

    const res = await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token });
    expect(res.status).toBe(204);
    expect(await counsellor.next("ended")).toEqual({ type: "ended", by: "quick_exit" });
    await expect.poll(() => queued(chat.conversationId)).toBe(false);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
  });

  it("answers a second exit (the request after the frame) without error, and refuses a wrong token without ending the chat", async () => {
    const chat = await startChat();
    const wrong = await postJson(`/api/chats/${chat.conversationId}/exit`, { token: "not-this-chats-token-at-all" });
    expect(wrong.status).toBe(403);
    expect(await queued(chat.conversationId)).toBe(true);

    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token })).status).toBe(204);
    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token })).status).toBe(204);
    expect(await queued(chat.conversationId)).toBe(false);
  });

  it("closing the page is told apart from a quick exit, by frame and by request, to the counsellor and in the logs", async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const cookie = await loginAdmin();
      const byFrame = await startChat();
      const visitor = await connectVisitor(byFrame);
      await accept(cookie, byFrame.conversationId);
      const counsellor = await connectCounsellor(cookie, byFrame.conversationId);
      visitor.send({ type: "exit", why: "left" });
      await endGoodbyeGrace(byFrame.conversationId);
      expect(await counsellor.next("ended")).toEqual({ type: "ended", by: "left" });
      await expect.poll(() => queued(byFrame.conversationId)).toBe(false);
      expect(await tablesOf(byFrame.conversationId)).toEqual([]);

      const byRequest = await startChat();
      await accept(cookie, byRequest.conversationId);
      const held = await connectCounsellor(cookie, byRequest.conversationId);
      expect((await postJson(`/api/chats/${byRequest.conversationId}/exit`, { token: byRequest.token, why: "left" })).status).toBe(204);
      await endGoodbyeGrace(byRequest.conversationId);
      expect(await held.next("ended")).toEqual({ type: "ended", by: "left" });
      expect(await tablesOf(byRequest.conversationId)).toEqual([]);

      const events = lines.flatMap((l) => (l.startsWith("{") ? [JSON.parse(l) as { event: string; left?: boolean; quickExit?: boolean }] : []));
      expect(events.filter((e) => e.event === "chat.left")).toHaveLength(1);
      expect(events.filter((e) => e.event === "chat.quick_exit")).toHaveLength(0);
      const ends = events.filter((e) => e.event === "conversation.ended");
      expect(ends).toHaveLength(2);
      for (const end of ends) expect(end).toMatchObject({ left: true, quickExit: false });
    } finally {
      log.mockRestore();
    }
  });

  it("refuses a reason it does not know, by frame and by request, without ending the chat", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "exit", why: "bored" });
    expect((await visitor.next("error")).code).toBe("bad_frame");
    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token, why: "bored" })).status).toBe(400);
    expect(await queued(chat.conversationId)).toBe(true);
  });

  it("refuses a body without a token, and an exit frame from the counsellor", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    const bad = await postJson(`/api/chats/${chat.conversationId}/exit`, { tokn: chat.token });
    expect(bad.status).toBe(400);
    await accept(cookie, chat.conversationId);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);
    counsellor.send({ type: "exit" });
    expect((await counsellor.next("error")).code).toBe("bad_frame");
    expect(await queued(chat.conversationId)).toBe(true);
  });
});
