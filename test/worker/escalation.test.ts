/**
 * Safeguarding escalation: the holder escalates a chat with a reason category; every supervisor on
 * shift is alerted in their console, other roles are not; a supervisor may join the escalated chat as
 * a second staff party; the audit has the action and no text. And urgent chats left waiting past the
 * helpline's alert time alert the supervisors by the Desk's alarm, once.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS } from "../../schema/helpline";
import { TestSocket, accept, connectCounsellor, connectVisitor, postJson, startChat } from "./helpers";
import { auditRows, statTotal } from "./safeguarding-helpers";
import { eraseIfDue, erasureDue } from "../../worker/erasure-due";
import { deskWhere, lastDesk, openConsole, staffer } from "./staff-helpers";

const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);
const escalate = (cookie: string, id: string, body: unknown = { reason: "immediate_danger" }) =>
  postJson(`/api/console/chats/${id}/escalate`, body, { cookie });
const join = (cookie: string, id: string) => postJson(`/api/console/chats/${id}/join`, {}, { cookie });

async function answeredChat(name = "Anna") {
  const chat = await startChat({ language: "en" });
  const counsellor = await staffer("counsellor", name);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  return { chat, counsellor };
}

async function observe(cookie: string, conversationId: string): Promise<TestSocket> {
  const socket = await TestSocket.open(`/ws/console/observe/${conversationId}`, { cookie });
  socket.send({ type: "hello", since: 0 });
  await socket.next("welcome");
  return socket;
}

describe("escalating a chat", () => {
  it("alerts every supervisor on shift at once, and no other console; is counted and audited without text", async () => {
    const { chat, counsellor } = await answeredChat("Bram");
    const supervisors = [await staffer("supervisor"), await staffer("admin")];
    const boards = await Promise.all(supervisors.map((s) => openConsole(s.cookie)));
    const colleague = await openConsole((await staffer("counsellor")).cookie);
    const before = await statTotal("escalation", "disclosure_of_abuse");
    const auditBefore = (await auditRows()).length;

    expect((await escalate(counsellor.cookie, chat.conversationId, { reason: "disclosure_of_abuse" })).status).toBe(204);
    for (const board of boards) {
      const snapshot = await deskWhere(board, (d) => d.alerts.some((a) => a.conversationId === chat.conversationId));
      expect(snapshot.alerts.find((a) => a.conversationId === chat.conversationId)).toMatchObject({
        kind: "escalated",
        reason: "disclosure_of_abuse",
        counsellor: "Bram",
      });
    }
    // The colleague's console got the same change, without any alert in it.
    await expect.poll(() => colleague.frames.length).toBeGreaterThan(1);
    expect(lastDesk(colleague).alerts).toEqual([]);
    expect(await statTotal("escalation", "disclosure_of_abuse")).toBe(before + 1);

    const added = (await auditRows()).slice(auditBefore).filter((r) => r.action === "escalate");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ staff_id: counsellor.id, target: null });
    expect(JSON.stringify(added)).not.toContain(chat.conversationId);
    expect(JSON.stringify(added)).not.toContain("disclosure");

    // Once only; the alert goes with the chat.
    expect((await escalate(counsellor.cookie, chat.conversationId)).status).toBe(409);
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "end" });
    await deskWhere(boards[0] as TestSocket, (d) => !d.alerts.some((a) => a.conversationId === chat.conversationId));
    for (const s of [...boards, colleague, visitor]) s.close();
  });

  it("stays marked in the holder's chats list, so a console that reconnects shows it escalated", async () => {
    const { chat, counsellor } = await answeredChat();
    const before = await openConsole(counsellor.cookie);
    expect(lastDesk(before).mine.find((m) => m.conversationId === chat.conversationId)).toMatchObject({ escalated: false });
    expect((await escalate(counsellor.cookie, chat.conversationId)).status).toBe(204);
    await deskWhere(before, (d) => d.mine.some((m) => m.conversationId === chat.conversationId && m.escalated));
    before.close();

    const reloaded = await openConsole(counsellor.cookie);
    expect(lastDesk(reloaded).mine.find((m) => m.conversationId === chat.conversationId)).toMatchObject({ escalated: true });
    expect((await escalate(counsellor.cookie, chat.conversationId)).status).toBe(409);
    // Another chat of theirs is not.
    const other = await startChat({ language: "en" });
    expect((await accept(counsellor.cookie, other.conversationId)).status).toBe(204);
    const both = await deskWhere(reloaded, (d) => d.mine.some((m) => m.conversationId === other.conversationId));
    expect(both.mine.find((m) => m.conversationId === other.conversationId)).toMatchObject({ escalated: false });
    reloaded.close();
  });

  it("is refused with a malformed body, and for anyone who does not hold the chat", async () => {
    const { chat, counsellor } = await answeredChat();
    for (const bad of [{}, { reason: "because" }, { reason: "other", note: "text" }, { reason: 3 }]) {
      expect((await escalate(counsellor.cookie, chat.conversationId, bad)).status).toBe(400);
    }
    const other = await staffer("counsellor");
    expect((await escalate(other.cookie, chat.conversationId)).status).toBe(403);
    const waiting = await startChat();
    expect((await escalate(counsellor.cookie, waiting.conversationId)).status).toBe(403);
    const coordinator = await staffer("coordinator");
    expect((await escalate(coordinator.cookie, chat.conversationId)).status).toBe(403);
    expect(await runInDurableObject(desk(), (_obj, state) => state.storage.sql.exec("SELECT count(*) AS n FROM escalations WHERE conversation_id = ?", chat.conversationId).one().n)).toBe(0);
  });
});

describe("a supervisor joining an escalated chat", () => {
  it("writes into it under their display name; the visitor is told; only observing roles, only once escalated", async () => {
    const { chat, counsellor } = await answeredChat();
    const supervisor = await staffer("supervisor", "Sanne");
    const visitor = await connectVisitor(chat);
    const counsellorSocket = await connectCounsellor(counsellor.cookie, chat.conversationId);
    const observer = await observe(supervisor.cookie, chat.conversationId);

    expect((await join(supervisor.cookie, chat.conversationId)).status).toBe(409);
    observer.send({ type: "send", cid: "s1", text: "not yet" });
    expect((await observer.next("error")).code).toBe("read_only");

    expect((await escalate(counsellor.cookie, chat.conversationId)).status).toBe(204);
    expect((await join(counsellor.cookie, chat.conversationId)).status).toBe(403);
    expect((await join(supervisor.cookie, chat.conversationId)).status).toBe(204);
    expect(await visitor.next("supporter")).toEqual({ type: "supporter", name: "Sanne", you: false });
    expect(await observer.next("supporter")).toEqual({ type: "supporter", name: "Sanne", you: true });
    expect((await counsellorSocket.next("supporter")).you).toBe(false);

    observer.send({ type: "send", cid: "s2", text: "Ik ben Sanne, ik lees mee." });
    expect((await observer.next("ack")).cid).toBe("s2");
    expect(await visitor.next("msg")).toMatchObject({ from: "counsellor", name: "Sanne", text: "Ik ben Sanne, ik lees mee." });
    expect(await counsellorSocket.next("msg")).toMatchObject({ name: "Sanne" });

    // Another supervisor still only observes.
    const second = await observe((await staffer("supervisor")).cookie, chat.conversationId);
    expect((await second.next("supporter")).you).toBe(false);
    second.send({ type: "send", cid: "x", text: "me too" });
    expect((await second.next("error")).code).toBe("read_only");

    expect((await auditRows()).filter((r) => r.action === "join" && r.staff_id === supervisor.id)).toEqual([
      expect.objectContaining({ target: null }),
    ]);
    for (const s of [visitor, counsellorSocket, observer, second]) s.close();
  });
});

describe("urgent chats left waiting", () => {
  it("alert the supervisors once by the Desk's alarm, at the helpline's alert time", async () => {
    const minutes = DEFAULT_SETTINGS.urgentWaitAlertMinutes;
    // Chats that earlier tests ended booked a rewrite of the Desk's files (worker/erasure-due.ts), which
    // would be the alarm's earliest deadline: made now, so the alarm is this test's own.
    await runInDurableObject(desk(), (_obj, state) => eraseIfDue(state.storage, Number.POSITIVE_INFINITY));
    const supervisor = await staffer("supervisor");
    const board = await openConsole(supervisor.cookie);
    const counsellorBoard = await openConsole((await staffer("counsellor")).cookie);
    const urgent = await startChat({ inDanger: true });
    const calm = await startChat({ inDanger: false });
    const before = await statTotal("urgent_wait_alert");

    // One alarm, for the earliest deadline: this urgent chat's (or a rewrite, if an earlier test's chat
    // was abandoned since).
    const { enqueuedAt, erasure, alarm } = await runInDurableObject(desk(), async (_obj, state) => ({
      enqueuedAt: state.storage.sql.exec<{ at: number }>("SELECT enqueued_at AS at FROM chats WHERE state = 'waiting' AND conversation_id = ?", urgent.conversationId).one().at,
      erasure: erasureDue(state.storage.sql),
      alarm: await state.storage.getAlarm(),
    }));
    expect(alarm).toBe(Math.min(enqueuedAt + minutes * 60_000, erasure ?? Number.POSITIVE_INFINITY));

    // Not due yet: the alarm alerts nobody.
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    expect(await statTotal("urgent_wait_alert")).toBe(before);

    // Both chats waited past the alert time; only the urgent one alerts.
    await runInDurableObject(desk(), (_obj, state) => {
      state.storage.sql.exec("UPDATE chats SET enqueued_at = enqueued_at - ? WHERE state = 'waiting' AND conversation_id IN (?, ?)", minutes * 60_000 + 1000, urgent.conversationId, calm.conversationId);
    });
    // The alarm set for the old deadline is still pending; run it now rather than wait for it.
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    const snapshot = await deskWhere(board, (d) => d.alerts.some((a) => a.conversationId === urgent.conversationId));
    expect(snapshot.alerts.filter((a) => a.kind === "urgent_wait").map((a) => a.conversationId)).toEqual([urgent.conversationId]);
    expect(lastDesk(counsellorBoard).alerts).toEqual([]);
    expect(await statTotal("urgent_wait_alert")).toBe(before + 1);

    // Idempotent: a second run (the next alarm is a console session's end) alerts nobody again.
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    expect(await statTotal("urgent_wait_alert")).toBe(before + 1);

    // Taken: the alert goes.
    expect((await accept(supervisor.cookie, urgent.conversationId)).status).toBe(204);
    await deskWhere(board, (d) => !d.alerts.some((a) => a.conversationId === urgent.conversationId));
    for (const s of [board, counsellorBoard]) s.close();
  });
});
