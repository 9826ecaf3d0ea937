import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CloseCode } from "../../schema/protocol";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { OWN_TABLES_SQL, TestSocket, connectVisitor, startChat, chatUnderWay } from "./helpers";

/** Every table and alarm the object holds, as the platform sees it. */
async function storageOf(conversationId: string) {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), async (_obj, state) => ({
    tables: state.storage.sql
      .exec<{ name: string }>(OWN_TABLES_SQL)
      .toArray()
      .map((r) => r.name),
    alarm: await state.storage.getAlarm(),
  }));
}

async function deskHolds(conversationId: string): Promise<boolean> {
  return runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql
      .exec("SELECT 1 FROM chats WHERE conversation_id = ?1", conversationId)
      .toArray().length > 0,
  );
}

/** Moves the chat's clock: pretends the visitor left `ms` ago. */
async function visitorLeftAgo(conversationId: string, ms: number) {
  await runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => {
    state.storage.sql.exec("UPDATE meta SET visitor_left_at = ?", Date.now() - ms);
  });
}

describe("when a chat ends, nothing is left behind", () => {
  it("sees every table an object makes, even one whose name looks like workerd's own", async () => {
    const stub = env.CONVERSATION.getByName("table-name-probe");
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec("CREATE TABLE xcfy_left (id INTEGER)");
    });
    expect((await storageOf("table-name-probe")).tables).toEqual(["xcfy_left"]);
  });

  it.each(["visitor", "counsellor"] as const)("erases all storage when the %s ends it", async (who) => {
    const { chat, visitor, counsellor } = await chatUnderWay();
    visitor.send({ type: "send", cid: "1", text: "iets persoonlijks" });
    await counsellor.next("msg");
    expect((await storageOf(chat.conversationId)).tables).toContain("messages");

    (who === "visitor" ? visitor : counsellor).send({ type: "end" });
    // The visitor's also carries the single-use survey ticket (survey.test.ts); nothing of the chat stays for it.
    expect(await visitor.next("ended")).toEqual({ type: "ended", by: who, survey: expect.any(String) });
    expect(await counsellor.next("ended")).toEqual({ type: "ended", by: who });
    for (const socket of [visitor, counsellor]) {
      expect((await socket.closedWith()).code).toBe(CloseCode.ended);
    }
    expect(await storageOf(chat.conversationId)).toEqual({ tables: [], alarm: null });
    // The object tells the Desk after it erased itself, so the Desk may lag a moment behind.
    await expect.poll(() => deskHolds(chat.conversationId)).toBe(false);
  });

  it("does not let a visitor back into an ended chat", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    const again = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    expect((await again.closedWith()).code).toBe(CloseCode.gone);
    expect((await storageOf(chat.conversationId)).tables).toEqual([]);
  });
});

describe("abandonment", () => {
  it("erases a chat whose visitor stayed away for the grace period", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "1", text: "ik moet weg" });
    await visitor.next("ack");
    visitor.close();
    // The close reaches the object asynchronously; wait until it has set the clock.
    await expect.poll(async () => (await storageOf(chat.conversationId)).alarm).not.toBeNull();

    await visitorLeftAgo(chat.conversationId, 61_000);
    expect(await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId))).toBe(true);
    expect(await storageOf(chat.conversationId)).toEqual({ tables: [], alarm: null });
    expect(await deskHolds(chat.conversationId)).toBe(false);
  });

  it("erases a chat whose visitor never connected", async () => {
    const chat = await startChat();
    expect((await storageOf(chat.conversationId)).alarm).not.toBeNull();
    await visitorLeftAgo(chat.conversationId, 61_000);
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect((await storageOf(chat.conversationId)).tables).toEqual([]);
  });

  it("keeps the chat while the visitor is connected, even if the alarm fires", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    // While the visitor is connected the alarm only looks whether their socket is alive (keepalive.test.ts),
    // after the stale limit (90 s), later than any abandonment deadline (60 s in these tests) would be.
    expect((await storageOf(chat.conversationId)).alarm).toBeGreaterThan(Date.now() + 60_000);
    expect(await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId))).toBe(true);
    visitor.send({ type: "send", cid: "1", text: "nog hier" });
    expect((await visitor.next("ack")).seq).toBe(1);
    expect((await storageOf(chat.conversationId)).alarm).toBeGreaterThan(Date.now() + 60_000);
  });

  it("keeps the chat when the visitor comes back within the grace period", async () => {
    const chat = await startChat();
    const first = await connectVisitor(chat);
    first.close();
    await expect.poll(async () => (await storageOf(chat.conversationId)).alarm).not.toBeNull();
    const again = await connectVisitor(chat);
    // The abandonment deadline (at most 60 s away) gave way to the liveness check (90 s away).
    expect((await storageOf(chat.conversationId)).alarm).toBeGreaterThan(Date.now() + 60_000);
    again.send({ type: "send", cid: "1", text: "terug" });
    expect((await again.next("ack")).seq).toBe(1);
  });

  it("does no harm when the alarm fires twice or after the chat is gone", async () => {
    const chat = await startChat();
    await visitorLeftAgo(chat.conversationId, 61_000);
    const stub = env.CONVERSATION.getByName(chat.conversationId);
    await runDurableObjectAlarm(stub);
    // A second run finds no alarm scheduled; calling the handler directly proves it is idempotent.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    await runInDurableObject(stub, (obj) => obj.alarm());
    expect(await storageOf(chat.conversationId)).toEqual({ tables: [], alarm: null });
  });

  it("keeps a chat whose alarm fires early or twice, with its one alarm still set", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "1", text: "even weg" });
    await visitor.next("ack");
    visitor.close();
    await expect.poll(async () => (await storageOf(chat.conversationId)).alarm).not.toBeNull();
    const { alarm } = await storageOf(chat.conversationId);
    const stub = env.CONVERSATION.getByName(chat.conversationId);
    await runInDurableObject(stub, (obj) => obj.alarm());
    await runInDurableObject(stub, (obj) => obj.alarm());
    const after = await storageOf(chat.conversationId);
    expect(after.alarm).toBe(alarm);
    expect(after.tables).toContain("messages");
    const back = await connectVisitor(chat);
    expect((await back.next("msg")).text).toBe("even weg");
  });

  it("does no harm when an alarm fires after the chat was ended", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    const stub = env.CONVERSATION.getByName(chat.conversationId);
    await runInDurableObject(stub, (obj) => obj.alarm());
    expect(await storageOf(chat.conversationId)).toEqual({ tables: [], alarm: null });
    expect(await deskHolds(chat.conversationId)).toBe(false);
  });
});
