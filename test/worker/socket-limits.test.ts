/**
 * A chat's sockets are bounded: one that never says hello is closed by the alarm after
 * HELLO_TIMEOUT_MS, each side holds at most SOCKETS_PER_SIDE that said hello, and at most
 * UNGREETED_PER_SIDE that have not, so silent sockets cannot lock the real party out.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { type Attachment, HELLO_TIMEOUT_MS } from "../../worker/conversation";
import { SOCKETS_PER_SIDE, UNGREETED_PER_SIDE } from "../../worker/socket-cap";
import { TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, request, startChat } from "./helpers";
import { staffer } from "./staff-helpers";

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
  it(`refuses a visitor's greeted socket beyond ${SOCKETS_PER_SIDE} with a typed 429, and takes one again once a place is free`, async () => {
    const chat = await startChat();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < SOCKETS_PER_SIDE; i++) sockets.push(await connectVisitor(chat));
    const refused = await refusal(`/ws/chat/${chat.conversationId}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("too_many_sockets");
    await closeAndWait(chat.conversationId, sockets[0]);
    const again = await connectVisitor(chat);
    expect(again.closed).toBeNull();
  });

  it("refuses a hello beyond the cap when the sockets that said it got there first, without a final close", async () => {
    const chat = await startChat();
    // Opened while there was room, greeted only once the others had filled it.
    const late = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    for (let i = 0; i < SOCKETS_PER_SIDE; i++) await connectVisitor(chat);
    late.send({ type: "hello", token: chat.token, since: 0 });
    expect((await late.next("error")).code).toBe("too_many_sockets");
    expect((await late.closedWith()).code).toBe(1008);
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

/** How many of one side's sockets the chat's object holds open that have not said hello. */
function ungreetedOpen(conversationId: string, tags: string[]): Promise<number> {
  return runInDurableObject(conversation(conversationId), (_obj, state) =>
    tags.flatMap((tag) => state.getWebSockets(tag)).filter((ws) => ws.readyState === WebSocket.OPEN && !(ws.deserializeAttachment() as Attachment).authed).length,
  );
}

describe("sockets that never say hello", () => {
  const SQUATTERS = SOCKETS_PER_SIDE * 3;

  it("cannot lock the visitor out: a newcomer pushes the oldest silent socket out, and the visitor's hello gets in", async () => {
    const chat = await startChat();
    const squatters: TestSocket[] = [];
    for (let i = 0; i < SQUATTERS; i++) squatters.push(await TestSocket.open(`/ws/chat/${chat.conversationId}`));
    expect(await ungreetedOpen(chat.conversationId, ["visitor"])).toBeLessThanOrEqual(UNGREETED_PER_SIDE);
    // The oldest went first, with the code of an overdue hello; the newest still wait for theirs.
    expect((await squatters[0]?.closedWith())?.code).toBe(1008);
    expect(squatters.at(-1)?.closed).toBeNull();

    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "here", text: "ik ben er" });
    expect((await visitor.next("ack")).cid).toBe("here");
    // And again a moment later: squatting is not a lock-out that merely lasts a while.
    for (let i = 0; i < SQUATTERS; i++) await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    expect((await connectVisitor(chat)).closed).toBeNull();
  });

  it("cannot lock the counsellor out: an observer's silent sockets do not count towards the staff side's cap", async () => {
    const cookie = await loginAdmin();
    const supervisor = await staffer("supervisor");
    const chat = await startChat();
    expect((await accept(cookie, chat.conversationId)).status).toBe(204);
    for (let i = 0; i < SQUATTERS; i++) await TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: supervisor.cookie });
    expect(await ungreetedOpen(chat.conversationId, ["counsellor", "observer"])).toBeLessThanOrEqual(UNGREETED_PER_SIDE);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);
    expect(counsellor.closed).toBeNull();
  });
});
