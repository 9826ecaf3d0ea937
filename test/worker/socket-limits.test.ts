/**
 * A chat's sockets are bounded: one that never says hello is closed by the alarm after
 * HELLO_TIMEOUT_MS, and each side holds at most SOCKETS_PER_SIDE at once.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { type Attachment, HELLO_TIMEOUT_MS } from "../../worker/conversation";
import { SOCKETS_PER_SIDE } from "../../worker/socket-cap";
import { TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, request, startChat } from "./helpers";

const conversation = (id: string) => env.CONVERSATION.getByName(id);

/** Moves every socket's attachment times back, as if the sockets had been open (and silent) that long. */
async function age(conversationId: string, ms: number): Promise<void> {
  await runInDurableObject(conversation(conversationId), (_obj, state) => {
    for (const ws of state.getWebSockets()) {
      const att = ws.deserializeAttachment() as Attachment;
      ws.serializeAttachment({ ...att, openedAt: att.openedAt - ms, seenAt: att.seenAt - ms } satisfies Attachment);
    }
  });
}

/** Closes a client socket and waits until the chat's object has let go of it. */
async function closeAndWait(conversationId: string, socket: TestSocket | undefined): Promise<void> {
  socket?.close();
  const openSockets = () =>
    runInDurableObject(conversation(conversationId), (_obj, state) => state.getWebSockets("visitor").filter((ws) => ws.readyState === WebSocket.OPEN).length);
  for (let tries = 0; (await openSockets()) >= SOCKETS_PER_SIDE; tries++) {
    if (tries > 50) throw new Error("the object kept the closed socket");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function refusal(path: string, cookie?: string): Promise<{ status: number; body: ApiError }> {
  const res = await request(path, { headers: { upgrade: "websocket" }, ...(cookie ? { cookie } : {}) });
  expect(res.webSocket).toBeNull();
  return { status: res.status, body: await res.json<ApiError>() };
}

describe("a socket that never says hello", () => {
  it("is closed by the alarm once its hello is overdue; a socket that said hello stays", async () => {
    const chat = await startChat();
    const greeted = await connectVisitor(chat);
    const silent = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    // The upgrade itself set the alarm, no later than the silent socket's hello deadline.
    const alarm = await runInDurableObject(conversation(chat.conversationId), (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm ?? Infinity).toBeLessThanOrEqual(Date.now() + HELLO_TIMEOUT_MS);

    // Not yet due: the alarm leaves it open.
    await runDurableObjectAlarm(conversation(chat.conversationId));
    expect(silent.closed).toBeNull();

    await age(chat.conversationId, HELLO_TIMEOUT_MS + 1000);
    await runDurableObjectAlarm(conversation(chat.conversationId));
    expect((await silent.closedWith()).code).toBe(1008);
    // The greeted socket is untouched: it still gets frames.
    expect(greeted.closed).toBeNull();
    greeted.send({ type: "send", cid: "still-here", text: "nog hier" });
    expect((await greeted.next("ack")).cid).toBe("still-here");
  });
});

describe("sockets per side of a chat", () => {
  it(`refuses a visitor's socket beyond ${SOCKETS_PER_SIDE} with a typed 429, and takes one again once a place is free`, async () => {
    const chat = await startChat();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < SOCKETS_PER_SIDE; i++) sockets.push(await connectVisitor(chat));
    const refused = await refusal(`/ws/chat/${chat.conversationId}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("too_many_sockets");
    // Sockets that have not said hello hold a place too, or they could be opened without end.
    await closeAndWait(chat.conversationId, sockets[0]);
    const unsaid = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    expect((await refusal(`/ws/chat/${chat.conversationId}`)).status).toBe(429);
    await closeAndWait(chat.conversationId, unsaid);
    const again = await connectVisitor(chat);
    expect(again.closed).toBeNull();
  });

  it("makes room by closing sockets that were left behind without a sign of life", async () => {
    const chat = await startChat();
    const old: TestSocket[] = [];
    for (let i = 0; i < SOCKETS_PER_SIDE; i++) old.push(await connectVisitor(chat));
    // A phone that lost its network a few times: the server still holds its silent sockets.
    await age(chat.conversationId, 60_000);
    const fresh = await connectVisitor(chat);
    for (const socket of old) expect((await socket.closedWith()).code).toBe(1001);
    fresh.send({ type: "send", cid: "back", text: "ik ben er weer" });
    expect((await fresh.next("ack")).cid).toBe("back");
  });

  it(`refuses staff sockets beyond ${SOCKETS_PER_SIDE}, apart from the visitor's`, async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(cookie, chat.conversationId)).status).toBe(204);
    for (let i = 0; i < SOCKETS_PER_SIDE; i++) await connectCounsellor(cookie, chat.conversationId);
    const refused = await refusal(`/ws/console/chat/${chat.conversationId}`, cookie);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("too_many_sockets");
    // The visitor's side is counted on its own.
    expect((await connectVisitor(chat)).closed).toBeNull();
    expect(visitor.closed).toBeNull();
  });
});
