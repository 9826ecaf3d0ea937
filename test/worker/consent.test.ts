import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { RESUME_INDEX_OBJECT } from "../../worker/resume-index";
import { CloseCode } from "../../schema/protocol";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { TestSocket, accept, connectVisitor, loginAdmin, postJson, startChat, chatUnderWay } from "./helpers";
import { retryAfterSeconds } from "../../worker/rate-limit";
import { WINDOW_MS } from "../../worker/rate-limiter";
import { dump, keepChat, newAddress, post, resume, tablesOf } from "./keep";

const DAY_MS = 86_400_000;

async function consentRow(conversationId: string) {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => ({
    consent: state.storage.sql.exec("SELECT * FROM consent").toArray()[0],
    status: state.storage.sql.exec<{ status: string }>("SELECT status FROM meta").one().status,
  }));
}

async function notesOf(conversationId: string): Promise<number> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n,
  );
}

async function alarmOf(conversationId: string): Promise<number | null> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => state.storage.getAlarm());
}

async function deskHolds(conversationId: string): Promise<boolean> {
  return runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec("SELECT 1 FROM chats WHERE state = 'waiting' AND conversation_id = ?", conversationId).toArray().length > 0,
  );
}

/** A chat with a counsellor and one message each way, kept by its visitor. */
async function keptChat() {
  const { cookie, chat, visitor, counsellor } = await chatUnderWay();
  visitor.send({ type: "send", cid: "v1", text: "wil je dit onthouden" });
  await counsellor.next("msg");
  const kept = await keepChat(chat);
  return { cookie, chat, visitor, counsellor, kept };
}

describe("keeping a conversation", () => {
  it("records consent with its time and text version, tells both parties, and gives a code once", async () => {
    const before = Date.now();
    const { chat, visitor, counsellor, kept } = await keptChat();
    expect(kept.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(kept.retentionDays).toBe(30);
    expect(kept.keptUntil).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(await visitor.next("kept")).toEqual({ type: "kept", until: kept.keptUntil });
    expect(await counsellor.next("kept")).toEqual({ type: "kept", until: kept.keptUntil });

    const { consent } = await consentRow(chat.conversationId);
    expect(consent).toMatchObject({ text_version: CONSENT_TEXT_VERSION, keep_until: kept.keptUntil });
    expect(Number((consent as { given_at: number }).given_at)).toBeGreaterThanOrEqual(before);
    // Only a hash of the code is stored, here and in the index.
    const plain = kept.code.replace(/-/g, "");
    for (const stub of [env.CONVERSATION.getByName(chat.conversationId), env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT)]) {
      expect(await dump(stub)).not.toContain(plain);
    }
    // A reconnect learns it too.
    const again = await connectVisitor(chat);
    expect((await again.next("kept")).until).toBe(kept.keptUntil);
  });

  it("refuses a wrong token, an old consent text, a second consent and a malformed body", async () => {
    const chat = await startChat();
    const path = `/api/chats/${chat.conversationId}/keep`;
    expect((await post(path, { token: "not-the-token", version: CONSENT_TEXT_VERSION })).status).toBe(403);
    const stale = await post(path, { token: chat.token, version: "1999-01-01" });
    expect(stale.status).toBe(409);
    expect((await stale.json<ApiError>()).error).toBe("conflict");
    expect((await post(path, { token: chat.token })).status).toBe(400);
    await keepChat(chat);
    expect((await post(path, { token: chat.token, version: CONSENT_TEXT_VERSION })).status).toBe(409);
    expect((await post("/api/chats/nope/keep", { token: chat.token, version: CONSENT_TEXT_VERSION })).status).toBe(404);
  });

  it("keeps the transcript when the chat ends, and deletes it when the retention period ends", async () => {
    const { chat, visitor, kept } = await keptChat();
    visitor.send({ type: "end" });
    await visitor.closedWith();
    await expect.poll(async () => (await consentRow(chat.conversationId)).status).toBe("ended");
    expect(await tablesOf(chat.conversationId)).toContain("messages");
    expect(await alarmOf(chat.conversationId)).toBe(kept.keptUntil);
    // The old token no longer opens it; only the code does.
    const old = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    old.send({ type: "hello", token: chat.token, since: 0 });
    expect((await old.closedWith()).code).toBe(CloseCode.gone);

    // An early alarm changes nothing; one at the deadline deletes everything, index entry included.
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (obj) => obj.alarm());
    expect(await tablesOf(chat.conversationId)).toContain("messages");
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE consent SET keep_until = ?", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId))).toBe(true);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
    expect((await post("/api/resume", { code: kept.code })).status).toBe(404);
  });

  it("erases the counsellor's private notes when a kept chat ends, keeping only the transcript", async () => {
    const { chat, visitor, counsellor } = await keptChat();
    counsellor.send({ type: "note", text: "eigen notitie" });
    expect((await counsellor.next("note")).text).toBe("eigen notitie");
    expect(await notesOf(chat.conversationId)).toBe(1);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    await expect.poll(async () => (await consentRow(chat.conversationId)).status).toBe("ended");
    expect(await notesOf(chat.conversationId)).toBe(0);
    const stored = await dump(env.CONVERSATION.getByName(chat.conversationId));
    expect(stored).toContain("wil je dit onthouden");
    expect(stored).not.toContain("eigen notitie");
  });

  it("erases the notes of a kept chat that is abandoned, too", async () => {
    const { chat, visitor, counsellor } = await keptChat();
    counsellor.send({ type: "note", text: "notitie bij verlaten" });
    await counsellor.next("note");
    visitor.close();
    await expect.poll(() => runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec<{ left: number | null }>("SELECT visitor_left_at AS left FROM meta").one().left,
    )).not.toBeNull();
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET visitor_left_at = ?", Date.now() - 61_000);
    });
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect((await consentRow(chat.conversationId)).status).toBe("ended");
    expect(await notesOf(chat.conversationId)).toBe(0);
    expect(await dump(env.CONVERSATION.getByName(chat.conversationId))).toContain("wil je dit onthouden");
  });

  it("sets one alarm for the earliest deadline: abandonment before retention", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    const kept = await keepChat(chat);
    // While the visitor is connected the earliest deadline is the liveness check, 90 s away (keepalive.test.ts).
    expect(await alarmOf(chat.conversationId)).toBeLessThan(kept.keptUntil);
    expect(await alarmOf(chat.conversationId)).toBeGreaterThan(Date.now() + 60_000);
    visitor.close();
    // Then the abandonment deadline, 60 s after leaving in these tests (the margin covers the close's delay).
    await expect.poll(() => alarmOf(chat.conversationId)).toBeLessThan(Date.now() + 75_000);
    // Abandoned while kept: parked, not deleted, and the alarm moves to the retention deadline.
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET visitor_left_at = ?", Date.now() - 61_000);
    });
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect((await consentRow(chat.conversationId)).status).toBe("ended");
    expect(await alarmOf(chat.conversationId)).toBe(kept.keptUntil);
    expect(await deskHolds(chat.conversationId)).toBe(false);
  });
});

describe("resuming with the code", () => {
  it("continues on another device: reads back the transcript, re-enters the queue, locks out the old token", async () => {
    const { chat, visitor, kept } = await keptChat();
    visitor.send({ type: "end" });
    await visitor.closedWith();
    await expect.poll(async () => (await consentRow(chat.conversationId)).status).toBe("ended");

    // Written down by hand: lower case, no dashes, an O for a zero.
    const typed = kept.code.replace(/-/g, "").toLowerCase().replace(/0/g, "o");
    const resumed = await resume(typed);
    expect(resumed.conversationId).toBe(chat.conversationId);
    expect(resumed.token).not.toBe(chat.token);
    expect(resumed.keptUntil).toBe(kept.keptUntil);
    expect(await deskHolds(chat.conversationId)).toBe(true);

    const device2 = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    device2.send({ type: "hello", token: resumed.token, since: 0 });
    expect((await device2.next("welcome")).status).toBe("waiting");
    expect((await device2.next("msg")).text).toBe("wil je dit onthouden");

    const old = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    old.send({ type: "hello", token: chat.token, since: 0 });
    expect((await old.closedWith()).code).toBe(CloseCode.unauthorized);
  });

  it("moves a live chat to the new device and closes the old one with the code for moved, not the wrong-token one", async () => {
    const { chat, visitor, kept } = await keptChat();
    const resumed = await resume(kept.code);
    expect(await visitor.closedWith()).toEqual({ code: CloseCode.moved, reason: "Continued on another device." });
    expect(CloseCode.moved).not.toBe(CloseCode.unauthorized);
    const device2 = await connectVisitor({ conversationId: chat.conversationId, token: resumed.token });
    device2.send({ type: "send", cid: "v2", text: "ik ben er weer" });
    expect((await device2.next("ack")).seq).toBe(2);
  });

  it("refuses unknown and malformed codes alike", async () => {
    for (const code of ["ABCD-EFGH-JKMN-PQRS", "short", "ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ"]) {
      const res = await post("/api/resume", { code });
      expect(res.status).toBe(404);
      expect((await res.json<ApiError>()).error).toBe("not_found");
    }
    expect((await post("/api/resume", { code: "x".repeat(41) })).status).toBe(400);
  });
});

describe("deleting", () => {
  it("deletes at once with the code, and the code then leads nowhere", async () => {
    const { chat, visitor, counsellor, kept } = await keptChat();
    expect((await post("/api/resume/delete", { code: kept.code })).status).toBe(204);
    for (const socket of [visitor, counsellor]) expect((await socket.next("ended")).by).toBe("deleted");
    expect(await tablesOf(chat.conversationId)).toEqual([]);
    expect(await dump(env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT))).not.toContain(chat.conversationId);
    expect(await deskHolds(chat.conversationId)).toBe(false);
    expect((await post("/api/resume", { code: kept.code })).status).toBe(404);
    expect((await post("/api/resume/delete", { code: kept.code })).status).toBe(404);
  });

  it("deletes at once when the visitor withdraws consent during the chat", async () => {
    const { chat, visitor, counsellor } = await keptChat();
    expect((await post(`/api/chats/${chat.conversationId}/withdraw`, { token: "wrong" })).status).toBe(403);
    expect(await tablesOf(chat.conversationId)).toContain("messages");
    expect((await post(`/api/chats/${chat.conversationId}/withdraw`, { token: chat.token })).status).toBe(204);
    for (const socket of [visitor, counsellor]) expect((await socket.next("ended")).by).toBe("deleted");
    expect(await tablesOf(chat.conversationId)).toEqual([]);
    expect((await post(`/api/chats/${chat.conversationId}/withdraw`, { token: chat.token })).status).toBe(404);
  });
});

describe("guessing is rate-limited per client", () => {
  it("answers a client that tries too many codes with a typed 429, and only that client", async () => {
    const guesser = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post("/api/resume", { code: "ABCD-EFGH-JKMN-PQRS" }, guesser)).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    const limited = await post("/api/resume/delete", { code: "ABCD-EFGH-JKMN-PQRS" }, guesser);
    expect(limited.status).toBe(429);
    expect(await limited.json<ApiError>()).toEqual({ error: "rate_limited", message: expect.stringMatching(/Too many attempts/) });
    // When the window ends, in whole seconds: never zero, never more than the window.
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect((await post("/api/resume", { code: "ABCD-EFGH-JKMN-PQRS" })).status).toBe(404);
  });

  it("tells a limited client when its window ends (Retry-After), rounding up to whole seconds", () => {
    expect(retryAfterSeconds(5 * WINDOW_MS)).toBe(WINDOW_MS / 1000);
    expect(retryAfterSeconds(5 * WINDOW_MS + 1)).toBe(WINDOW_MS / 1000);
    expect(retryAfterSeconds(6 * WINDOW_MS - 1500)).toBe(2);
    expect(retryAfterSeconds(6 * WINDOW_MS - 1)).toBe(1);
  });

  it("limits token attempts too", async () => {
    const chat = await startChat();
    const guesser = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await post(`/api/chats/${chat.conversationId}/withdraw`, { token: `guess-${i}` }, guesser)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 403)).toHaveLength(20);
    const limited = await post(`/api/chats/${chat.conversationId}/keep`, { token: chat.token, version: CONSENT_TEXT_VERSION }, guesser);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("personal details", () => {
  const details = { ageBand: "16_17", gender: "girl_woman", region: "utrecht" };

  it("are refused without consent and kept with it, only for the assigned counsellor", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    const path = `/api/console/chats/${chat.conversationId}/details`;
    expect((await postJson(path, details, { cookie })).status).toBe(403);
    await accept(cookie, chat.conversationId);
    const refused = await postJson(path, details, { cookie });
    expect(refused.status).toBe(409);
    const refusedRows = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec("SELECT * FROM details").toArray(),
    );
    expect(refusedRows).toEqual([]);

    await keepChat(chat);
    await visitor.next("kept");
    expect((await postJson(path, { ...details, ageBand: "forty" }, { cookie })).status).toBe(400);
    expect((await postJson(path, details)).status).toBe(401);
    expect((await postJson(path, details, { cookie })).status).toBe(204);
    const stored = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec("SELECT age_band, gender, region FROM details").toArray(),
    );
    expect(stored).toEqual([{ age_band: "16_17", gender: "girl_woman", region: "utrecht" }]);
  });
});
