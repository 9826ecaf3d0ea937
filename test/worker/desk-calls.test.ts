/**
 * The Desk's calls to a chat's object fail now and then (worker/desk-calls.ts): each must leave the Desk,
 * the object and every console agreeing. Also the migration that made one record of the queue and the
 * assignments (worker/desk-chats.ts).
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CHATS_SCHEMA } from "../../worker/desk-chats";
import { SWEEP_INTERVAL_MS } from "../../worker/desk-sweep";
import { DESK_SCHEMA } from "../../worker/desk";
import { migrate } from "../../worker/migrate";
import { OWN_TABLES_SQL, type TestSocket, accept, connectCounsellor, connectVisitor, postJson, startChat } from "./helpers";
import { type Staffer, deskWhere, lastDesk, openConsole, staffer } from "./staff-helpers";

const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);

/** Makes the chat's object throw on every call that reads its state, or heals it again. */
async function breakConversation(conversationId: string, broken: boolean) {
  await runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => {
    state.storage.sql.exec(broken ? "ALTER TABLE meta RENAME TO meta_away" : "ALTER TABLE meta_away RENAME TO meta");
  });
}

/** The newest snapshot once a console received more than the `seen` frames (a console gets snapshots only). */
async function nextDesk(socket: TestSocket, seen: number) {
  await expect.poll(() => socket.frames.length).toBeGreaterThan(seen);
  return lastDesk(socket);
}

describe("a transfer whose call to the chat's object fails", () => {
  it("leaves the chat with the first counsellor, in the Desk, the object and both consoles, and can be retried", async () => {
    const from = await staffer("counsellor", "Eva");
    const to = await staffer("counsellor", "Ravi");
    const fromConsole = await openConsole(from.cookie);
    const toConsole = await openConsole(to.cookie);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(from.cookie, chat.conversationId)).status).toBe(204);
    expect((await visitor.next("joined")).counsellor).toBe("Eva");
    const old = await connectCounsellor(from.cookie, chat.conversationId);
    await deskWhere(fromConsole, (d) => d.mine.some((m) => m.conversationId === chat.conversationId));

    await breakConversation(chat.conversationId, true);
    const [fromSeen, toSeen] = [fromConsole.frames.length, toConsole.frames.length];
    const path = `/api/console/chats/${chat.conversationId}/transfer`;
    const failed = await postJson(path, { to: to.id, note: "" }, { cookie: from.cookie });
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: "internal" });
    expect(await desk().holder(chat.conversationId)).toBe(from.id);
    const fromDesk = await nextDesk(fromConsole, fromSeen);
    expect(fromDesk.mine.map((m) => m.conversationId)).toContain(chat.conversationId);
    expect(fromDesk.colleagues.find((c) => c.id === to.id)?.open).toBe(0);
    const toDesk = await nextDesk(toConsole, toSeen);
    expect(toDesk.mine.map((m) => m.conversationId)).not.toContain(chat.conversationId);
    expect(toDesk.colleagues.find((c) => c.id === from.id)?.open).toBe(1);

    // The first counsellor still talks with the visitor; the hand-over then goes through as usual.
    await breakConversation(chat.conversationId, false);
    old.send({ type: "send", cid: "c1", text: "Ik ben er nog" });
    expect(await visitor.next("msg")).toMatchObject({ name: "Eva", text: "Ik ben er nog" });
    expect((await postJson(path, { to: to.id, note: "" }, { cookie: from.cookie })).status).toBe(204);
    expect((await visitor.next("joined")).counsellor).toBe("Ravi");
    expect(await desk().holder(chat.conversationId)).toBe(to.id);
    await deskWhere(toConsole, (d) => d.mine.some((m) => m.conversationId === chat.conversationId));
  });
});

/** A chat the counsellor accepted and its visitor then ended, while the Desk's release call was lost. */
async function endedWithReleaseLost(counsellor: Staffer) {
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  await visitor.next("joined");
  // The visitor ends the chat while the Desk's release fails: the object's call is lost (it logs and goes on).
  await runInDurableObject(desk(), (obj) => {
    obj.release = async () => {
      throw new Error("release lost");
    };
  });
  visitor.send({ type: "end" });
  await visitor.closedWith();
  await expect.poll(() => env.CONVERSATION.getByName(chat.conversationId).isOpen()).toBe(false);
  await runInDurableObject(desk(), (obj) => Reflect.deleteProperty(obj, "release"));
  expect(await desk().holder(chat.conversationId)).toBe(counsellor.id);
  return chat;
}

/** Dates the chat's taking one sweep interval back, so the Desk's next alarm asks its object. */
async function sweepDue(conversationId: string) {
  await runInDurableObject(desk(), (_obj, state) => {
    state.storage.sql.exec("UPDATE chats SET assigned_at = assigned_at - ? WHERE conversation_id = ?", SWEEP_INTERVAL_MS + 1000, conversationId);
  });
}

const uncategorised = (staffId: string) =>
  runInDurableObject(desk(), (_obj, state) => state.storage.sql.exec<{ n: number }>("SELECT uncategorised AS n FROM presence WHERE staff_id = ?", staffId).one().n);

describe("a release the Desk never heard", () => {
  it("does not bring the ended chat back to its counsellor's console: the Desk asks the chat's object and releases it", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await endedWithReleaseLost(counsellor);

    const console = await openConsole(counsellor.cookie);
    const first = lastDesk(console);
    expect(first.mine.map((m) => m.conversationId)).not.toContain(chat.conversationId);
    // Released as the lost call would have: the counsellor owes its categorisation.
    expect(first.me.uncategorised).toBe(1);
    expect(await desk().holder(chat.conversationId)).toBeNull();
    expect(await desk().isOpen(chat.conversationId)).toBe(false);
    const again = await openConsole(counsellor.cookie);
    expect(lastDesk(again).mine.map((m) => m.conversationId)).not.toContain(chat.conversationId);
    expect(lastDesk(again).me.uncategorised).toBe(1);
  });

  it("is healed by the Desk's alarm with no console connecting: the chat leaves its counsellor, whose place is free again", async () => {
    const counsellor = await staffer("counsellor");
    expect((await postJson("/api/console/status", { status: "available", capacity: 1 }, { cookie: counsellor.cookie })).status).toBe(204);
    const chat = await endedWithReleaseLost(counsellor);
    const next = await startChat();
    expect((await accept(counsellor.cookie, next.conversationId)).status).toBe(409);

    // Not due yet: the alarm leaves the chat held.
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    expect(await desk().holder(chat.conversationId)).toBe(counsellor.id);

    await sweepDue(chat.conversationId);
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    expect(await desk().holder(chat.conversationId)).toBeNull();
    expect(await desk().isOpen(chat.conversationId)).toBe(false);
    // Released as the lost call would have: the counsellor owes its categorisation, and has room again.
    expect(await uncategorised(counsellor.id)).toBe(1);
    expect((await accept(counsellor.cookie, next.conversationId)).status).toBe(204);
    const console = await openConsole(counsellor.cookie);
    expect(lastDesk(console).mine.map((m) => m.conversationId)).toEqual([next.conversationId]);
    expect(lastDesk(console).me.uncategorised).toBe(1);
    console.close();
  });

  it("leaves an open held chat with its counsellor when the alarm asks, and asks again one interval later", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    await visitor.next("joined");
    await sweepDue(chat.conversationId);
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    const { sweptAt, alarm } = await runInDurableObject(desk(), async (_obj, state) => ({
      sweptAt: state.storage.sql.exec<{ at: number | null }>("SELECT swept_at AS at FROM chats WHERE conversation_id = ?", chat.conversationId).one().at,
      alarm: await state.storage.getAlarm(),
    }));
    // Asked, and still open: kept, and the next sweep is scheduled.
    expect(sweptAt).not.toBeNull();
    expect(alarm).not.toBeNull();
    expect(alarm).toBeLessThanOrEqual((sweptAt ?? 0) + SWEEP_INTERVAL_MS);
    expect(await desk().holder(chat.conversationId)).toBe(counsellor.id);
    expect(await uncategorised(counsellor.id)).toBe(0);
    visitor.close();
  });

  it("sets no alarm for it while the Desk holds no chat", async () => {
    const stub = env.DESK.getByName(`sweep-${crypto.randomUUID()}`);
    const alarm = () => runInDurableObject(stub, (_obj, state) => state.storage.getAlarm());
    const held = (sql: string) => runInDurableObject(stub, (_obj, state) => void state.storage.sql.exec(sql, Date.now()));
    // A release of an unknown chat changes nothing but makes the Desk schedule its alarm again.
    await stub.release("nothing");
    expect(await alarm()).toBeNull();
    await held("INSERT INTO chats (conversation_id, state, enqueued_at, staff_id, assigned_at, language) VALUES ('held-1', 'held', ?1, 'staff-a', ?1, 'nl')");
    await stub.release("nothing");
    const assignedAt = await runInDurableObject(stub, (_obj, state) => state.storage.sql.exec<{ at: number }>("SELECT assigned_at AS at FROM chats").one().at);
    expect(await alarm()).toBe(assignedAt + SWEEP_INTERVAL_MS);
    await held("DELETE FROM chats WHERE ?1 > 0");
    await stub.release("nothing");
    expect(await alarm()).toBeNull();
  });

  it("keeps a held chat whose object cannot answer, since nobody can say it ended", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    await breakConversation(chat.conversationId, true);
    const console = await openConsole(counsellor.cookie);
    expect(lastDesk(console).mine.map((m) => m.conversationId)).toContain(chat.conversationId);
    expect(lastDesk(console).me.uncategorised).toBe(0);
    await breakConversation(chat.conversationId, false);
  });
});

describe("the migration to one chat record", () => {
  it("copies waiting and held chats from the old queue and assignments tables as they stood, and drops those", async () => {
    // Chats open across the change were counted as they went: a held one answered, a waiting one offered.
    const stub = env.DESK.getByName(`migration-${crypto.randomUUID()}`);
    const chats = await runInDurableObject(stub, (_obj, state) => {
      const sql = state.storage.sql;
      // Back to the schema before the step, with one chat waiting and one held.
      for (const { name } of sql.exec<{ name: string }>(OWN_TABLES_SQL).toArray()) sql.exec(`DROP TABLE "${name}"`);
      migrate(sql, DESK_SCHEMA.slice(0, DESK_SCHEMA.indexOf(CHATS_SCHEMA[0])));
      sql.exec(
        `INSERT INTO queue (conversation_id, enqueued_at, in_danger, language, risk_word, channel, invited_by, urgency_capped, wait_alerted)
         VALUES ('waiting-1', 1000, 1, 'en', 1, 'snapchat', 'staff-a', 1, 1)`,
      );
      sql.exec(
        `INSERT INTO assignments (conversation_id, staff_id, assigned_at, language, in_danger, risk_word, channel, invited_by)
         VALUES ('held-1', 'staff-b', 2000, 'nl', 0, 1, NULL, NULL)`,
      );
      migrate(sql, DESK_SCHEMA);
      const tables = sql.exec<{ name: string }>(OWN_TABLES_SQL).toArray().map((t) => t.name);
      return { tables, rows: sql.exec("SELECT * FROM chats ORDER BY conversation_id").toArray() };
    });
    expect(chats.tables).toContain("chats");
    expect(chats.tables).not.toContain("queue");
    expect(chats.tables).not.toContain("assignments");
    expect(chats.rows).toEqual([
      { conversation_id: "held-1", state: "held", enqueued_at: 2000, staff_id: "staff-b", assigned_at: 2000, language: "nl", in_danger: 0, risk_word: 1, urgency_capped: 0, wait_alerted: 0, channel: null, invited_by: null, counted: "answered", swept_at: null },
      { conversation_id: "waiting-1", state: "waiting", enqueued_at: 1000, staff_id: null, assigned_at: null, language: "en", in_danger: 1, risk_word: 1, urgency_capped: 1, wait_alerted: 1, channel: "snapchat", invited_by: "staff-a", counted: "offered", swept_at: null },
    ]);
    expect(await stub.holder("held-1")).toBe("staff-b");
    expect(await stub.position("waiting-1")).toMatchObject({ position: 1 });
  });
});

describe("asking a chat's object again after a lost answer", () => {
  it("hands over and requeues once: a repeated call changes nothing and says it is done", async () => {
    const chat = await startChat();
    const conversation = env.CONVERSATION.getByName(chat.conversationId);
    const sam = { id: "staff-sam", displayName: "Sam" };
    const kim = { id: "staff-kim", displayName: "Kim" };
    expect(await conversation.assign(sam)).toBe(true);
    expect(await conversation.reassign(kim, "Sam", "over school")).toBe(true);
    expect(await conversation.reassign(kim, "Sam", "over school")).toBe(true);
    const notes = () =>
      runInDurableObject(conversation, (_obj, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n);
    expect(await notes()).toBe(1);
    expect(await conversation.requeue()).toBe(true);
    expect(await conversation.requeue()).toBe(true);
    expect(await conversation.reassign(sam, "Kim", "")).toBe(false);
    expect(await conversation.assign(sam)).toBe(true);
  });
});
