/**
 * Quick exit ends the chat for the server at once: no ghost chat in the queue for a counsellor to
 * accept, nothing left of what was not kept, and the counsellor told it was a quick exit.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CloseCode } from "../../schema/protocol";
import { accept, connectCounsellor, connectVisitor, loginAdmin, postJson, startChat } from "./helpers";
import { tablesOf } from "./keep";

/** Whether the Desk still lists the chat, waiting or held. */
function queued(conversationId: string): Promise<boolean> {
  return env.DESK.getByName(DEFAULT_HELPLINE).isOpen(conversationId);
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
    const cookie = await loginAdmin();
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(cookie, chat.conversationId);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);
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
