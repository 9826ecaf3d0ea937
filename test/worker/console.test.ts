import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { AuditEntry } from "../../schema/admin";
import { CloseCode } from "../../schema/protocol";
import { Stats } from "../../worker/stats";
import { TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { deskWhere, openConsole, staffer } from "./staff-helpers";

async function statsCounts(): Promise<Record<string, number>> {
  return runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    Object.fromEntries(
      state.storage.sql
        .exec<{ key: string; n: number }>("SELECT metric || ':' || dimension AS key, sum(count) AS n FROM counters GROUP BY key")
        .toArray()
        .map((r) => [r.key, r.n]),
    ),
  );
}

describe("the queue puts urgent chats first", () => {
  it("moves a waiting chat up when its first messages contain a risk word, without the Desk storing text", async () => {
    const counsellor = await staffer("counsellor");
    const console = await openConsole(counsellor.cookie);
    const first = await startChat({ inDanger: false });
    const second = await startChat({ inDanger: false });
    await deskWhere(console, (d) => d.queue.length >= 2);
    const visitor = await connectVisitor(second);
    visitor.send({ type: "send", cid: "1", text: "Mijn Lóverboy wil dat ik werk" });
    await visitor.next("ack");
    const desk = await deskWhere(console, (d) => d.queue.some((q) => q.riskWord));
    const ids = desk.queue.map((q) => q.conversationId);
    expect(ids.indexOf(second.conversationId)).toBeLessThan(ids.indexOf(first.conversationId));
    expect(desk.queue.find((q) => q.conversationId === second.conversationId)?.riskWord).toBe(true);
    const deskText = await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
      JSON.stringify(state.storage.sql.exec("SELECT * FROM chats").toArray()),
    );
    expect(deskText).not.toContain("verboy");
  });

  it("does not screen messages after the first few, or once a counsellor answers", async () => {
    const counsellor = await staffer("counsellor");
    const console = await openConsole(counsellor.cookie);
    const chat = await startChat({ inDanger: false });
    const visitor = await connectVisitor(chat);
    for (const cid of ["1", "2", "3", "4"]) {
      visitor.send({ type: "send", cid, text: cid === "4" ? "pimp" : "hallo" });
      await visitor.next("ack");
    }
    await deskWhere(console, (d) => d.queue.some((q) => q.conversationId === chat.conversationId));
    // A later urgent chat shows up, proving the Desk processed everything before it.
    await startChat({ inDanger: true });
    const desk = await deskWhere(console, (d) => d.queue.some((q) => q.inDanger));
    expect(desk.queue.find((q) => q.conversationId === chat.conversationId)?.riskWord).toBe(false);
  });
});

describe("an accepted chat keeps its urgency", () => {
  it("marks the counsellor's held chats with why they were urgent: in danger, a risk word, or neither", async () => {
    const counsellor = await staffer("counsellor");
    const console = await openConsole(counsellor.cookie);
    const danger = await startChat({ inDanger: true });
    const risky = await startChat({ inDanger: false });
    const calm = await startChat({ inDanger: false });
    const visitor = await connectVisitor(risky);
    visitor.send({ type: "send", cid: "1", text: "ik word bedreigd" });
    await visitor.next("ack");
    await deskWhere(console, (d) => d.queue.some((q) => q.conversationId === risky.conversationId && q.riskWord));
    for (const chat of [danger, risky, calm]) expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    const desk = await deskWhere(console, (d) => d.mine.length === 3);
    const urgency = Object.fromEntries(desk.mine.map((m) => [m.conversationId, m.urgency]));
    expect(urgency).toEqual({ [danger.conversationId]: "in_danger", [risky.conversationId]: "risk_word", [calm.conversationId]: null });
  });
});

describe("status and capacity", () => {
  it("refuses chats to an away counsellor and beyond capacity", async () => {
    const counsellor = await staffer("counsellor");
    const a = await startChat();
    const b = await startChat();
    expect((await postJson("/api/console/status", { status: "away", capacity: 1 }, { cookie: counsellor.cookie })).status).toBe(204);
    const away = await accept(counsellor.cookie, a.conversationId);
    expect(away.status).toBe(409);
    expect((await postJson("/api/console/status", { status: "available", capacity: 1 }, { cookie: counsellor.cookie })).status).toBe(204);
    expect((await accept(counsellor.cookie, a.conversationId)).status).toBe(204);
    const full = await accept(counsellor.cookie, b.conversationId);
    expect(full.status).toBe(409);
    expect((await full.json<{ message: string }>()).message).toMatch(/capacity/);
  });

  it("refuses a malformed status", async () => {
    const counsellor = await staffer("counsellor");
    for (const body of [{ status: "asleep", capacity: 2 }, { status: "busy", capacity: 0 }, { status: "busy", capacity: 11 }, {}]) {
      expect((await postJson("/api/console/status", body, { cookie: counsellor.cookie })).status).toBe(400);
    }
  });

  it("shows colleagues with their load, and hides the observable list from counsellors", async () => {
    const counsellor = await staffer("counsellor", "Noor");
    const supervisor = await staffer("supervisor", "Bram");
    const cConsole = await openConsole(counsellor.cookie);
    const sConsole = await openConsole(supervisor.cookie);
    const chat = await startChat();
    await accept(counsellor.cookie, chat.conversationId);
    const seen = await deskWhere(sConsole, (d) => d.observable.some((o) => o.conversationId === chat.conversationId));
    expect(seen.colleagues.find((c) => c.displayName === "Noor")).toMatchObject({ open: 1, status: "available" });
    const own = await deskWhere(cConsole, (d) => d.mine.length === 1);
    expect(own.observable).toEqual([]);
  });
});

describe("private notes", () => {
  it("reach the counsellor and observers, never the visitor, and are erased with the chat", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(counsellor.cookie, chat.conversationId);
    const staffSocket = await connectCounsellor(counsellor.cookie, chat.conversationId);
    staffSocket.send({ type: "note", text: "Noemt een adres in Rotterdam" });
    expect(await staffSocket.next("note")).toMatchObject({ type: "note", text: "Noemt een adres in Rotterdam" });
    // A visitor message after the note arrives; the note never did.
    staffSocket.send({ type: "send", cid: "c1", text: "Ik ben er" });
    await visitor.next("msg");
    expect(visitor.frames.some((f) => f.type === "note")).toBe(false);
    // A reconnecting counsellor gets the notes again.
    const again = await connectCounsellor(counsellor.cookie, chat.conversationId);
    expect((await again.next("note")).text).toBe("Noemt een adres in Rotterdam");

    visitor.send({ type: "note", text: "sneaky" });
    expect((await visitor.next("error")).code).toBe("bad_frame");
  });
});

describe("transfer", () => {
  it("hands a chat to an available colleague; the visitor only sees a new name, the old counsellor is cut off", async () => {
    const from = await staffer("counsellor", "Eva");
    const to = await staffer("counsellor", "Ravi");
    const toConsole = await openConsole(to.cookie);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(from.cookie, chat.conversationId);
    expect((await visitor.next("joined")).counsellor).toBe("Eva");
    const old = await connectCounsellor(from.cookie, chat.conversationId);

    const res = await postJson(`/api/console/chats/${chat.conversationId}/transfer`, { to: to.id, note: "Wil over school praten" }, { cookie: from.cookie });
    expect(res.status).toBe(204);
    expect((await visitor.next("joined")).counsellor).toBe("Ravi");
    expect((await old.closedWith()).code).toBe(CloseCode.forbidden);
    await deskWhere(toConsole, (d) => d.mine.some((m) => m.conversationId === chat.conversationId));

    const next = await connectCounsellor(to.cookie, chat.conversationId);
    expect((await next.next("note")).text).toBe("Handover: Wil over school praten");
    expect(visitor.frames.some((f) => f.type === "note")).toBe(false);
    // The old counsellor's socket is refused before it opens.
    const refused = await request(`/ws/console/chat/${chat.conversationId}`, { cookie: from.cookie, headers: { upgrade: "websocket" } });
    expect(refused.status).toBe(403);
    expect(refused.webSocket).toBeNull();
  });

  it("keeps each message under the name of the counsellor who wrote it, for the visitor and the new counsellor alike", async () => {
    const from = await staffer("counsellor", "Eva");
    const to = await staffer("counsellor", "Ravi");
    await openConsole(to.cookie);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(from.cookie, chat.conversationId);
    const old = await connectCounsellor(from.cookie, chat.conversationId);
    visitor.send({ type: "send", cid: "v1", text: "hoi" });
    await old.next("msg");
    old.send({ type: "send", cid: "c1", text: "Hoi, ik ben Eva" });
    expect(await visitor.next("msg")).toMatchObject({ from: "counsellor", name: "Eva", text: "Hoi, ik ben Eva" });
    expect((await postJson(`/api/console/chats/${chat.conversationId}/transfer`, { to: to.id, note: "" }, { cookie: from.cookie })).status).toBe(204);

    const next = await connectCounsellor(to.cookie, chat.conversationId);
    next.send({ type: "send", cid: "c2", text: "Hoi, ik ben Ravi" });
    expect(await visitor.next("msg")).toMatchObject({ name: "Ravi", text: "Hoi, ik ben Ravi" });
    // Both the new counsellor's catch-up and a visitor's reconnect show who wrote what.
    const names = (frames: { type: string; name?: string | null; text?: string }[]) =>
      frames.filter((f) => f.type === "msg").map((f) => [f.name, f.text]);
    expect(names(next.frames)).toEqual([[null, "hoi"], ["Eva", "Hoi, ik ben Eva"]]);
    const again = await connectVisitor(chat);
    await expect.poll(() => names(again.frames).length).toBe(3);
    expect(names(again.frames)).toEqual([[null, "hoi"], ["Eva", "Hoi, ik ben Eva"], ["Ravi", "Hoi, ik ben Ravi"]]);
  });

  it("refuses to hand over someone else's chat, or to a colleague who is away or offline", async () => {
    const owner = await staffer("counsellor");
    const thief = await staffer("counsellor");
    const away = await staffer("counsellor");
    const offline = await staffer("counsellor");
    await openConsole(away.cookie);
    await postJson("/api/console/status", { status: "away", capacity: 3 }, { cookie: away.cookie });
    const chat = await startChat();
    await accept(owner.cookie, chat.conversationId);
    const path = `/api/console/chats/${chat.conversationId}/transfer`;
    expect((await postJson(path, { to: thief.id, note: "" }, { cookie: thief.cookie })).status).toBe(403);
    expect((await postJson(path, { to: away.id, note: "" }, { cookie: owner.cookie })).status).toBe(409);
    expect((await postJson(path, { to: offline.id, note: "" }, { cookie: owner.cookie })).status).toBe(409);
    expect((await postJson(path, { to: owner.id, note: "" }, { cookie: owner.cookie })).status).toBe(409);
    expect((await postJson(path, { to: away.id, note: "x".repeat(2001) }, { cookie: owner.cookie })).status).toBe(400);
  });
});

describe("observing", () => {
  it("lets a supervisor read along silently and refuses anything they send", async () => {
    const counsellor = await staffer("counsellor");
    const supervisor = await staffer("supervisor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(counsellor.cookie, chat.conversationId);
    const staffSocket = await connectCounsellor(counsellor.cookie, chat.conversationId);
    visitor.send({ type: "send", cid: "v1", text: "eerste" });
    await staffSocket.next("msg");

    const observer = await TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: supervisor.cookie });
    observer.send({ type: "hello", since: 0 });
    expect((await observer.next("welcome")).role).toBe("observer");
    expect((await observer.next("msg")).text).toBe("eerste");
    visitor.send({ type: "send", cid: "v2", text: "tweede" });
    expect((await observer.next("msg")).text).toBe("tweede");
    for (const frame of [{ type: "send", cid: "o1", text: "hi" }, { type: "typing" }, { type: "note", text: "x" }, { type: "end" }]) {
      observer.send(frame);
      expect((await observer.next("error")).code).toBe("read_only");
    }
    // The visitor was told nothing about the observer.
    staffSocket.send({ type: "send", cid: "c1", text: "hoi" });
    await visitor.next("msg");
    expect(visitor.all("joined")).toHaveLength(1);
  });
});

describe("ending with a categorisation", () => {
  it("ends the chat and adds the topic and outcome to the counts, once", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(counsellor.cookie, chat.conversationId);
    const before = await statsCounts();
    const path = `/api/console/chats/${chat.conversationId}/end`;
    const body = { topic: "loverboy_grooming", outcome: "referred_to_care" };
    expect((await postJson(path, body, { cookie: counsellor.cookie })).status).toBe(204);
    expect((await visitor.next("ended")).by).toBe("counsellor");
    const after = await statsCounts();
    expect(after["topic:loverboy_grooming"]).toBe((before["topic:loverboy_grooming"] ?? 0) + 1);
    expect(after["outcome:referred_to_care"]).toBe((before["outcome:referred_to_care"] ?? 0) + 1);
    expect((await postJson(path, body, { cookie: counsellor.cookie })).status).toBe(409);
  });

  it("keeps what it can when Stats fails: the end and its audit entry, and topic and outcome alike uncounted", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    await accept(counsellor.cookie, chat.conversationId);
    const before = await statsCounts();
    const original = Stats.prototype.add;
    const broken = vi.spyOn(Stats.prototype, "add").mockImplementation(function (this: Stats, counts, at) {
      if (counts.some((c) => c.metric === "topic")) return Promise.reject(new Error("stats down"));
      return original.call(this, counts, at);
    });
    try {
      const res = await postJson(`/api/console/chats/${chat.conversationId}/end`, { topic: "online_sextortion", outcome: "referred_to_police" }, { cookie: counsellor.cookie });
      expect(res.status).toBe(204);
    } finally {
      broken.mockRestore();
    }
    const after = await statsCounts();
    // Two splits of the same chats (linked.ts): stored together or not at all, so they never disagree.
    expect(after["outcome:referred_to_police"]).toBe(before["outcome:referred_to_police"]);
    expect(after["topic:online_sextortion"]).toBe(before["topic:online_sextortion"]);
    // The end itself was counted: Stats failed only for the categorisation.
    const durations = (counts: Record<string, number>) => Object.entries(counts).reduce((n, [k, v]) => n + (k.startsWith("chat_seconds:") ? v : 0), 0);
    expect(durations(after)).toBe(durations(before) + 1);
    const audit = await (await request("/api/admin/audit", { cookie: await loginAdmin() })).json<AuditEntry[]>();
    expect(audit.some((e) => e.staffId === counsellor.id && e.action === "end")).toBe(true);
  });

  it("categorises a chat the visitor ended, and refuses bad categories and someone else's chat", async () => {
    const counsellor = await staffer("counsellor");
    const other = await staffer("counsellor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(counsellor.cookie, chat.conversationId);
    const path = `/api/console/chats/${chat.conversationId}/end`;
    expect((await postJson(path, { topic: "other", outcome: "no_contact" }, { cookie: other.cookie })).status).toBe(403);
    expect((await postJson(path, { topic: "gossip", outcome: "no_contact" }, { cookie: counsellor.cookie })).status).toBe(400);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    await expect
      .poll(async () => (await postJson(path, { topic: "other", outcome: "ended_by_visitor" }, { cookie: counsellor.cookie })).status)
      .toBe(204);
    expect((await postJson(path, { topic: "other", outcome: "ended_by_visitor" }, { cookie: other.cookie })).status).toBe(409);
  });
});
