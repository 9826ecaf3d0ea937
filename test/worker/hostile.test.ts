/**
 * Hostile clients beside a legitimate chat: cross-site socket hijacking, a visitor token used on
 * another conversation, replayed and expired staff sessions, floods of starts and messages. Each is
 * refused with a clear error and counted in the logs, and the legitimate chat loses nothing.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { LIMITS } from "../../schema/limits";
import { CloseCode } from "../../schema/protocol";
import type { StartChatResponse } from "../../schema/http";
import { SESSION_ABSOLUTE_MS } from "../../worker/staff";
import { TestSocket, accept, arrive, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat, startFrom } from "./helpers";

const EVIL = "https://evil.example";

let logs: MockInstance<typeof console.log>;
beforeEach(() => {
  logs = vi.spyOn(console, "log");
});
afterEach(() => {
  logs.mockRestore();
});

/** How often an event was logged since the test began. */
function counted(event: string): number {
  return logs.mock.calls.filter(([line]) => typeof line === "string" && JSON.parse(line).event === event).length;
}

/** A visitor and a counsellor who keep talking while the attacks run; call `check` at the end. */
async function legitimateChat() {
  const cookie = await loginAdmin();
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  expect((await accept(cookie, chat.conversationId)).status).toBe(204);
  const counsellor = await connectCounsellor(cookie, chat.conversationId);
  let sent = 0;
  return {
    chat,
    cookie,
    say() {
      visitor.send({ type: "send", cid: `v${sent}`, text: `vraag ${sent}` });
      counsellor.send({ type: "send", cid: `c${sent}`, text: `antwoord ${sent}` });
      sent++;
    },
    /** Every message acked to its sender and delivered once, in order, to the other side. */
    async check() {
      for (let i = 0; i < sent; i++) {
        await visitor.next("ack");
        await counsellor.next("ack");
      }
      await expect.poll(() => visitor.all("msg").length === sent && counsellor.all("msg").length === sent).toBe(true);
      expect(counsellor.all("msg").map((m) => m.text)).toEqual(Array.from({ length: sent }, (_, i) => `vraag ${i}`));
      expect(visitor.all("msg").map((m) => m.text)).toEqual(Array.from({ length: sent }, (_, i) => `antwoord ${i}`));
      const seqs = [...visitor.all("msg"), ...visitor.all("ack")].map((f) => f.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 2 * sent }, (_, i) => i + 1));
      expect(visitor.all("error").concat(counsellor.all("error"))).toEqual([]);
    },
  };
}

/** How many chats wait in the helpline's queue. */
function waitingChats(): Promise<number> {
  return runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'waiting'").one().n,
  );
}

describe("cross-site WebSocket hijacking", () => {
  it("refuses visitor and console sockets opened from a foreign origin, even with a valid session", async () => {
    const legit = await legitimateChat();
    legit.say();
    for (const path of [`/ws/chat/${legit.chat.conversationId}`, `/ws/console/chat/${legit.chat.conversationId}`, "/ws/console"]) {
      const res = await request(path, { headers: { upgrade: "websocket" }, cookie: legit.cookie, origin: EVIL });
      expect(res.status).toBe(403);
      expect(res.webSocket).toBeNull();
      expect(await res.json()).toEqual({ error: "forbidden", message: "Request from a foreign origin refused." });
      legit.say();
    }
    expect(counted("http.refused_origin")).toBe(3);
    await legit.check();
  });

  it("lets a foreign page neither start a chat nor accept one", async () => {
    const legit = await legitimateChat();
    expect((await postJson("/api/chats", {}, { origin: EVIL })).status).toBe(403);
    const other = await startChat();
    expect((await postJson(`/api/console/chats/${other.conversationId}/accept`, {}, { cookie: legit.cookie, origin: EVIL })).status).toBe(403);
    expect(counted("http.refused_origin")).toBe(2);
    legit.say();
    await legit.check();
  });
});

describe("a visitor token on another conversation", () => {
  it("closes the socket as unauthorized, counts it, and the chat it aimed at goes on", async () => {
    const legit = await legitimateChat();
    const attacker = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${legit.chat.conversationId}`);
    socket.send({ type: "hello", token: attacker.token, since: 0 });
    expect(await socket.closedWith()).toEqual({ code: CloseCode.unauthorized, reason: "This chat link is not valid." });
    // Nothing of the chat reached the intruder.
    expect(socket.all("msg")).toEqual([]);
    expect(socket.all("welcome")).toEqual([]);
    expect(counted("conversation.refused_token")).toBe(1);
    legit.say();
    await legit.check();
  });
});

describe("staff sessions that are no longer valid", () => {
  it("refuses a session replayed after logout, on HTTP and on the socket upgrade", async () => {
    const legit = await legitimateChat();
    const stolen = await loginAdmin();
    expect((await postJson("/api/logout", {}, { cookie: stolen })).status).toBe(204);
    const other = await startChat();
    const acceptRes = await postJson(`/api/console/chats/${other.conversationId}/accept`, {}, { cookie: stolen });
    expect(acceptRes.status).toBe(401);
    expect(await acceptRes.json()).toEqual({ error: "unauthorized", message: "Please log in." });
    const upgrade = await request(`/ws/console/chat/${legit.chat.conversationId}`, { headers: { upgrade: "websocket" }, cookie: stolen });
    expect(upgrade.status).toBe(401);
    expect(counted("session.refused")).toBe(2);
    legit.say();
    await legit.check();
  });

  it("refuses a session past its absolute lifetime", async () => {
    const cookie = await loginAdmin();
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      state.storage.sql.exec("UPDATE sessions SET created_at = ?", Date.now() - SESSION_ABSOLUTE_MS - 1000);
    });
    const res = await request("/ws/console", { headers: { upgrade: "websocket" }, cookie });
    expect(res.status).toBe(401);
    expect(counted("session.refused")).toBe(1);
  });
});

describe("floods", () => {
  it("refuses messages past the per-side rate with a typed error, counts them, and spares the other chat", async () => {
    const legit = await legitimateChat();
    const flooder = await connectVisitor(await startChat());
    const extra = 25;
    for (let i = 0; i < LIMITS.messagesPerMinute + extra; i++) {
      flooder.send({ type: "send", cid: `f${i}`, text: "spam" });
      if (i % 10 === 0) legit.say();
    }
    for (let i = 0; i < extra; i++) expect((await flooder.next("error")).code).toBe("rate_limited");
    expect(flooder.all("ack")).toHaveLength(LIMITS.messagesPerMinute);
    expect(counted("conversation.rate_limited")).toBe(extra);
    // A resend of a stored message is still acknowledged while the sender is limited.
    flooder.send({ type: "send", cid: "f0", text: "spam" });
    await expect.poll(() => flooder.all("ack").filter((a) => a.cid === "f0").length).toBe(2);
    await legit.check();
  });

  it("refuses a client's starts past its limit with a typed 429, counts them, lets another client start, and spares running chats", async () => {
    const legit = await legitimateChat();
    const before = await waitingChats();
    const start = (address: string) => startFrom(address);
    const answers: number[] = [];
    for (let i = 0; i < LIMITS.chatStartsPerWindow + 3; i++) {
      const res = await start("203.0.113.66");
      answers.push(res.status);
      if (res.status === 429) expect(await res.json()).toEqual({ error: "rate_limited", message: "Too many attempts. Please wait 10 minutes and try again." });
      if (i % 4 === 0) legit.say();
    }
    expect(answers).toEqual([...Array<number>(LIMITS.chatStartsPerWindow).fill(201), 429, 429, 429]);
    expect(counted("http.rate_limited_start")).toBe(3);
    // Another client is not held back by the flood.
    expect((await start("203.0.113.67")).status).toBe(201);
    // None of these starts said hello, so none of them is in the queue, allowed or refused.
    expect(await waitingChats()).toBe(before);
    legit.say();
    await legit.check();
  });

  it("refuses starts once the queue is full with a typed 503, counts them, and running chats go on", async () => {
    const legit = await legitimateChat();
    // The flood's first part is put straight into the queue, so the test stays quick; the per-client
    // start limit is the subject of the test above.
    await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) => {
      const waiting = state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'waiting'").one().n;
      for (let i = waiting; i < LIMITS.queueLength - 5; i++) {
        state.storage.sql.exec("INSERT INTO chats (conversation_id, state, enqueued_at, language) VALUES (?, 'waiting', ?, 'nl')", `flood-${i}`, Date.now());
      }
    });
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await startFrom(undefined);
      answers.push(res.status);
      if (res.status === 503) expect(await res.json()).toMatchObject({ error: "queue_full" });
      else await arrive(await res.json<StartChatResponse>());
      legit.say();
    }
    expect(answers).toEqual([201, 201, 201, 201, 201, 503, 503, 503]);
    expect(counted("chat.refused_queue_full")).toBe(3);
    await legit.check();
    // The first Desk change after the injection tells each of the ~195 injected chats its place, one
    // object call each: seconds on a loaded two-core machine, and not what this test is about.
  }, 60_000);
});
