/**
 * A visitor whose phone loses its network sends no close frame. The alarm must still notice that the
 * socket went silent, close it and start the abandonment clock, or the chat's text would stay stored.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PING_TEXT } from "../../schema/keepalive";
import type { Attachment } from "../../worker/conversation";
import { OWN_TABLES_SQL, accept, connectCounsellor, connectVisitor, loginAdmin, startChat } from "./helpers";

/** Longer ago than the stale limit (STALE_SOCKET_SECONDS, 90 s by default). */
const SILENT_MS = 91_000;

const conversation = (id: string) => env.CONVERSATION.getByName(id);

/** Pretends the visitor's socket gave its last sign of life (besides pings) `ms` ago. */
async function lastSeenAgo(conversationId: string, ms: number) {
  await runInDurableObject(conversation(conversationId), (_obj, state) => {
    for (const ws of state.getWebSockets("visitor")) {
      const att = ws.deserializeAttachment() as Attachment;
      ws.serializeAttachment({ ...att, seenAt: Date.now() - ms } satisfies Attachment);
    }
  });
}

async function stateOf(conversationId: string) {
  return runInDurableObject(conversation(conversationId), async (_obj, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(OWN_TABLES_SQL)
      .toArray()
      .map((r) => r.name);
    const leftAt = tables.includes("meta")
      ? state.storage.sql.exec<{ visitor_left_at: number | null }>("SELECT visitor_left_at FROM meta").one().visitor_left_at
      : undefined;
    return { leftAt, tables, alarm: await state.storage.getAlarm() };
  });
}

describe("a visitor socket that goes silent", () => {
  it("keeps the alarm set while a visitor is connected, to look again within the stale limit", async () => {
    const chat = await startChat();
    await connectVisitor(chat);
    const { alarm, leftAt } = await stateOf(chat.conversationId);
    expect(leftAt).toBeNull();
    expect(alarm).toBeGreaterThan(Date.now());
    expect(alarm).toBeLessThanOrEqual(Date.now() + 90_000);
  });

  it("looks again when the socket would go stale, however often other alarms are set meanwhile", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    await connectVisitor(chat);
    await lastSeenAgo(chat.conversationId, 60_000);
    // A counsellor's socket sets the alarm again (for their session's end): the check must not move.
    await accept(cookie, chat.conversationId);
    await connectCounsellor(cookie, chat.conversationId);
    const { alarm } = await stateOf(chat.conversationId);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 31_000);
    expect(alarm).toBeGreaterThan(Date.now());
  });

  it("is closed by the alarm, which starts the grace period; the chat is erased when it runs out", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "1", text: "ik ben zo weg" });
    await visitor.next("ack");
    await lastSeenAgo(chat.conversationId, SILENT_MS);

    expect(await runDurableObjectAlarm(conversation(chat.conversationId))).toBe(true);
    // Not a final close code: a page that is alive after all reconnects.
    expect((await visitor.closedWith()).code).toBe(1001);
    const after = await stateOf(chat.conversationId);
    expect(after.leftAt).toEqual(expect.any(Number));
    expect(after.tables).toContain("messages");
    // The next alarm is the abandonment deadline (60 s in these tests), no longer a liveness check.
    expect(after.alarm).toBe((after.leftAt ?? 0) + 60_000);

    await runInDurableObject(conversation(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET visitor_left_at = ?", Date.now() - 61_000);
    });
    expect(await runDurableObjectAlarm(conversation(chat.conversationId))).toBe(true);
    expect(await stateOf(chat.conversationId)).toEqual({ leftAt: undefined, tables: [], alarm: null });
  });

  it("lets the visitor come back after being closed as silent", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await lastSeenAgo(chat.conversationId, SILENT_MS);
    await runDurableObjectAlarm(conversation(chat.conversationId));
    await visitor.closedWith();
    const back = await connectVisitor(chat);
    expect((await stateOf(chat.conversationId)).leftAt).toBeNull();
    back.send({ type: "send", cid: "1", text: "weer hier" });
    expect((await back.next("ack")).seq).toBe(1);
  });
});

describe("a visitor socket that is alive", () => {
  it("gets a pong for its ping, answered by the runtime, before hello too", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.sendRaw(PING_TEXT);
    expect(await visitor.next("pong")).toEqual({ type: "pong" });
    // Spelled differently, the ping reaches the object, which answers the same.
    visitor.sendRaw('{ "type": "ping" }');
    expect(await visitor.next("pong")).toEqual({ type: "pong" });
    expect(visitor.all("error")).toEqual([]);
  });

  it("is not closed while it pings, however long since its last message", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await lastSeenAgo(chat.conversationId, SILENT_MS);
    visitor.sendRaw(PING_TEXT);
    await visitor.next("pong");

    expect(await runDurableObjectAlarm(conversation(chat.conversationId))).toBe(true);
    visitor.send({ type: "send", cid: "1", text: "nog hier" });
    expect((await visitor.next("ack")).seq).toBe(1);
    expect(visitor.closed).toBeNull();
    const after = await stateOf(chat.conversationId);
    expect(after.leftAt).toBeNull();
    // And the alarm looks again later.
    expect(after.alarm).toBeGreaterThan(Date.now());
  });

  it("is not closed when it sent a frame within the stale limit, even without pings", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await lastSeenAgo(chat.conversationId, SILENT_MS);
    visitor.send({ type: "typing" });
    visitor.send({ type: "send", cid: "1", text: "ik typ nog" });
    await visitor.next("ack");

    expect(await runDurableObjectAlarm(conversation(chat.conversationId))).toBe(true);
    visitor.send({ type: "send", cid: "2", text: "nog steeds" });
    expect((await visitor.next("ack")).seq).toBe(2);
    expect((await stateOf(chat.conversationId)).leftAt).toBeNull();
  });
});
