import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Account, AuditEntry } from "../../schema/admin";
import { CloseCode } from "../../schema/protocol";
import { NameFailures } from "../../worker/name-failures";
import { NAME_FAILURE_CEILING } from "../../worker/staff";
import { base32Decode, hotp } from "../../worker/totp";

import { PASSWORD, TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { loginAs, openConsole, slowHashing, staffer } from "./staff-helpers";

const WRONG = "this is not the right password";

/**
 * A login from a client address of its own (fresh for each call unless given), so these tests see the
 * per-name lock-out; the per-client limit has its own test below.
 */
async function tryLogin(login: string, password: string, code?: string, address = freshAddress()) {
  const res = await request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify({ login, password, ...(code ? { code } : {}) }),
  });
  return { status: res.status, body: await res.json<{ error: string; message: string }>() };
}

/** Turns a second factor on for the member; `code(n)` is the code n steps from now. */
async function enrolFactor(s: { cookie: string }) {
  const { secret } = await (await postJson("/api/console/totp", {}, { cookie: s.cookie })).json<{ secret: string }>();
  const step = Math.floor(Date.now() / 30_000);
  const code = (offset: number) => hotp(base32Decode(secret), step + offset);
  expect((await postJson("/api/console/totp/confirm", { code: await code(0) }, { cookie: s.cookie })).status).toBe(204);
  return { code };
}

function freshAddress(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

describe("login throttling", () => {
  it("stops one client on one name after five failures, for known and unknown names alike, with the same answers", async () => {
    const known = await staffer("counsellor");
    const guesser = freshAddress();
    const answers = { known: [] as unknown[], unknown: [] as unknown[] };
    for (let i = 0; i < 6; i++) {
      answers.known.push(await tryLogin(known.login, WRONG, undefined, guesser));
      answers.unknown.push(await tryLogin(`nobody-${guesser}`, WRONG, undefined, guesser));
    }
    expect(answers.known).toEqual(answers.unknown);
    expect(answers.known.slice(0, 5).every((a) => (a as { status: number }).status === 401)).toBe(true);
    expect(answers.known[5]).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    // That client is stopped on that name, even with the right password...
    expect((await tryLogin(known.login, PASSWORD, undefined, guesser)).status).toBe(429);
    // ...and nobody else is: the member gets in from their own network.
    expect((await tryLogin(known.login, PASSWORD, undefined, freshAddress())).status).toBe(200);
  });

  it("puts a name guessed from many networks under strain: then only the password with a second factor gets in", async () => {
    const s = await staffer("counsellor");
    const { code } = await enrolFactor(s);
    // Five guesses from each of six networks: no client reaches its own limits, the name reaches its ceiling.
    for (let i = 0; i < NAME_FAILURE_CEILING; i++) expect((await tryLogin(s.login, WRONG, undefined, `10.99.${i % 6}.${Math.floor(i / 6)}`)).status).toBe(401);
    const strained = await tryLogin(s.login, PASSWORD, undefined, freshAddress());
    expect(strained).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    // A wrong password with a right code, and a right password with a wrong code, get the same answer.
    expect(await tryLogin(s.login, WRONG, await code(1), freshAddress())).toEqual(strained);
    expect(await tryLogin(s.login, PASSWORD, "000000", freshAddress())).toEqual(strained);
    expect((await tryLogin(s.login, PASSWORD, await code(1), freshAddress())).status).toBe(200);
    // The member getting in does not give the guessers a new allowance; the strain ends with the lock period.
    expect((await tryLogin(s.login, PASSWORD, undefined, freshAddress())).status).toBe(429);
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      state.storage.sql.exec("UPDATE name_failures SET last_failure_at = last_failure_at - 16 * 60 * 1000");
    });
    expect(await tryLogin(s.login, PASSWORD, undefined, freshAddress())).toMatchObject({ status: 401, body: { error: "code_required" } });
  });

  it("a successful sign-in clears the name's failures and this network's count on the name: the next typos start from zero", async () => {
    const s = await staffer("counsellor");
    const office = freshAddress();
    const failuresOf = (login: string) =>
      runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) =>
        new NameFailures(state.storage.sql).count(login, Date.now()),
      );
    for (let i = 0; i < 4; i++) expect((await tryLogin(s.login, WRONG, undefined, office)).status).toBe(401);
    expect(await failuresOf(s.login)).toBe(4);
    expect((await tryLogin(s.login, PASSWORD, undefined, office)).status).toBe(200);
    expect(await failuresOf(s.login)).toBe(0);
    // Five more typos are answered as typos; only the sixth is refused, as for a network that never failed.
    for (let i = 0; i < 5; i++) expect((await tryLogin(s.login, WRONG, undefined, office)).status).toBe(401);
    expect((await tryLogin(s.login, PASSWORD, undefined, office)).status).toBe(429);
    expect(await failuresOf(s.login)).toBe(5);
  });

  it("lets a member without a second factor in again once the name's failures are older than the lock period", async () => {
    const s = await staffer("counsellor");
    for (let i = 0; i < NAME_FAILURE_CEILING; i++) await tryLogin(s.login, WRONG);
    expect((await tryLogin(s.login, PASSWORD)).status).toBe(429);
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      state.storage.sql.exec("UPDATE name_failures SET last_failure_at = last_failure_at - 16 * 60 * 1000");
    });
    expect((await tryLogin(s.login, PASSWORD)).status).toBe(200);
  });
});

describe("per-client sign-in limit", () => {
  it("refuses a client after 20 failed sign-ins across any names, with a typed 429, and only that client", async () => {
    const s = await staffer("counsellor");
    const guesser = freshAddress();
    // One guess per name, so no name is ever locked: only the client limit can stop this.
    for (let i = 0; i < 20; i++) expect((await tryLogin(`name-${i}-${guesser}`, WRONG, undefined, guesser)).status).toBe(401);
    const refused = await tryLogin(s.login, PASSWORD, undefined, guesser);
    expect(refused).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    expect((await tryLogin(s.login, PASSWORD, undefined, freshAddress())).status).toBe(200);

    // The same count covers first-run setup and confirming a second factor.
    const setup = await request("/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": guesser },
      body: JSON.stringify({ secret: "a guess at the setup secret", login: "x", displayName: "X", password: PASSWORD }),
    });
    expect(setup.status).toBe(429);
    const confirm = await request("/api/console/totp/confirm", {
      method: "POST",
      cookie: s.cookie,
      headers: { "content-type": "application/json", "cf-connecting-ip": guesser },
      body: JSON.stringify({ code: "000000" }),
    });
    expect(confirm.status).toBe(429);
  });

  it("cannot be slipped past by sending many guesses at once", async () => {
    const guesser = freshAddress();
    // All in flight together: each takes its attempt before its password is hashed.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => tryLogin(`parallel-${i}-${guesser}`, WRONG, undefined, guesser)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(20);
    expect(results.filter((r) => r.status === 429)).toHaveLength(10);
  });

  it("counts wrong second-factor codes, not successful logins", async () => {
    const s = await staffer("counsellor");
    const office = freshAddress();
    // A whole team logging in from one address is not limited.
    for (let i = 0; i < 25; i++) expect((await tryLogin(s.login, PASSWORD, undefined, office)).status).toBe(200);

    const guesser = freshAddress();
    await request("/api/console/totp", { method: "POST", cookie: s.cookie, headers: { "content-type": "application/json" }, body: "{}" });
    const guess = (path: string, body: object, cookie?: string) =>
      request(path, {
        method: "POST",
        ...(cookie ? { cookie } : {}),
        headers: { "content-type": "application/json", "cf-connecting-ip": guesser },
        body: JSON.stringify(body),
      });
    // Five wrong codes on one account is as far as one client gets on that name; the rest go to other names.
    for (let i = 0; i < 5; i++) expect((await guess("/api/console/totp/confirm", { code: "000000" }, s.cookie)).status).toBe(400);
    expect((await guess("/api/console/totp/confirm", { code: "000000" }, s.cookie)).status).toBe(429);
    for (let i = 0; i < 15; i++) expect((await tryLogin(`other-${i}`, WRONG, undefined, guesser)).status).toBe(401);
    expect((await tryLogin(s.login, PASSWORD, undefined, guesser)).status).toBe(429);
  });
});

describe("session expiry", () => {
  async function age(cookie: string, column: "created_at" | "last_seen_at", ms: number) {
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(cookie.split("=")[1] ?? "")))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      state.storage.sql.exec(`UPDATE sessions SET ${column} = ${column} - ? WHERE token_hash = ?`, ms, hash);
    });
  }
  const staffOf = async (cookie: string) => (await (await request("/api/session", { cookie })).json<{ staff: unknown }>()).staff;

  it("ends a session after an hour idle and after twelve hours in all, and refuses its sockets", async () => {
    const idle = await staffer("counsellor");
    expect(await staffOf(idle.cookie)).not.toBeNull();
    await age(idle.cookie, "last_seen_at", 61 * 60 * 1000);
    expect(await staffOf(idle.cookie)).toBeNull();
    expect((await request("/ws/console", { cookie: idle.cookie, headers: { upgrade: "websocket" } })).status).toBe(401);

    const old = await staffer("counsellor");
    await age(old.cookie, "created_at", 12 * 60 * 60 * 1000 + 1000);
    expect(await staffOf(old.cookie)).toBeNull();
    expect((await postJson("/api/console/status", { status: "busy", capacity: 2 }, { cookie: old.cookie })).status).toBe(401);
  });
});

describe("passwords (NIST 800-63B)", () => {
  it("refuses short and common passwords, accepts a long plain one", async () => {
    const admin = await loginAdmin();
    const make = (login: string, password: string) =>
      postJson("/api/admin/accounts", { login, displayName: "X", role: "counsellor", password }, { cookie: admin });
    expect((await make("short", "fourteen chars")).status).toBe(400);
    expect((await make("common", "PasswordPassword")).status).toBe(400);
    expect((await make("plain", "just lowercase words here")).status).toBe(201);
  });
});

describe("account creation under concurrency", () => {
  it("makes one account when the same login is created twice at once, and answers both", async () => {
    const admin = await loginAdmin();
    slowHashing();
    const create = () =>
      postJson("/api/admin/accounts", { login: "twin", displayName: "Twin", role: "counsellor", password: PASSWORD }, { cookie: admin });
    const results = await Promise.all([create(), create()]).finally(() => vi.restoreAllMocks());
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const twins = await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM accounts WHERE login = 'twin'").one().n,
    );
    expect(twins).toBe(1);
  });
});

describe("second factor (TOTP)", () => {
  it("enrols with a confirmed code, then asks for a fresh code at every login and refuses a replay", async () => {
    const s = await staffer("counsellor");
    const started = await postJson("/api/console/totp", {}, { cookie: s.cookie });
    const { secret, uri } = await started.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const step = Math.floor(Date.now() / 30_000);
    const code = (offset: number) => hotp(base32Decode(secret), step + offset);
    const wrong = (await code(0)) === "000000" ? "111111" : "000000";
    expect((await postJson("/api/console/totp/confirm", { code: wrong }, { cookie: s.cookie })).status).toBe(400);
    const enrolCode = await code(0);
    expect((await postJson("/api/console/totp/confirm", { code: enrolCode }, { cookie: s.cookie })).status).toBe(204);

    expect(await tryLogin(s.login, PASSWORD)).toMatchObject({ status: 401, body: { error: "code_required" } });
    // The code used to confirm enrolment is spent; the next step's code works once.
    expect((await tryLogin(s.login, PASSWORD, enrolCode)).status).toBe(401);
    const next = await code(1);
    expect((await tryLogin(s.login, PASSWORD, next)).status).toBe(200);
    expect((await tryLogin(s.login, PASSWORD, next)).status).toBe(401);
    // A wrong password with a code gives the plain answer: the factor is not an oracle.
    expect(await tryLogin(s.login, WRONG, next)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
  });

  it("replaces a factor that is on only with its current code or the password; wrong ones stop that client on that name", async () => {
    const s = await staffer("counsellor");
    const step = Math.floor(Date.now() / 30_000);
    const enrol = async () => {
      const { secret } = await (await postJson("/api/console/totp", {}, { cookie: s.cookie })).json<{ secret: string }>();
      return (offset: number) => hotp(base32Decode(secret), step + offset);
    };
    let place = freshAddress();
    const confirm = (body: object) =>
      request("/api/console/totp/confirm", {
        method: "POST",
        cookie: s.cookie,
        headers: { "content-type": "application/json", "cf-connecting-ip": place },
        body: JSON.stringify(body),
      });
    const first = await enrol();
    expect((await confirm({ code: await first(0) })).status).toBe(204);

    const second = await enrol();
    expect(await (await confirm({ code: await second(0) })).json()).toMatchObject({ error: "code_required" });
    const wrongCode = (await first(1)) === "000000" ? "111111" : "000000";
    for (const current of [WRONG, WRONG, WRONG, WRONG, wrongCode]) {
      expect((await confirm({ code: await second(0), current })).status).toBe(401);
    }
    // Five wrong proofs stop this client on this name, even with the right password; not the member elsewhere.
    expect((await confirm({ code: await second(0), current: PASSWORD })).status).toBe(429);
    expect(await tryLogin(s.login, PASSWORD)).toMatchObject({ status: 401, body: { error: "code_required" } });
    place = freshAddress();

    // The password proves the account...
    expect((await confirm({ code: await second(0), current: PASSWORD })).status).toBe(204);
    // ...and so does a fresh code from the factor in use, once; the replaced factor no longer logs in.
    const third = await enrol();
    const badNew = (await third(0)) === "000000" ? "111111" : "000000";
    expect((await confirm({ code: badNew, current: await second(1) })).status).toBe(400);
    // The proving code was spent on that attempt: it cannot prove the account a second time.
    expect((await confirm({ code: await third(0), current: await second(1) })).status).toBe(401);
    expect((await confirm({ code: await third(0), current: PASSWORD })).status).toBe(204);
    expect((await tryLogin(s.login, PASSWORD, await second(1))).status).toBe(401);
    expect((await tryLogin(s.login, PASSWORD, await third(1))).status).toBe(200);
  });
});

describe("account administration", () => {
  it("disabling an account ends its sessions and closes its console, chat and observer sockets at once", async () => {
    const admin = await loginAdmin();
    const victim = await staffer("supervisor");
    const deskSocket = await openConsole(victim.cookie);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(victim.cookie, chat.conversationId);
    const chatSocket = await connectCounsellor(victim.cookie, chat.conversationId);
    const other = await staffer("counsellor");
    const otherChat = await startChat();
    await accept(other.cookie, otherChat.conversationId);
    const observer = await TestSocket.open(`/ws/console/observe/${otherChat.conversationId}`, { cookie: victim.cookie });
    observer.send({ type: "hello", since: 0 });
    await observer.next("welcome");

    expect((await postJson(`/api/admin/accounts/${victim.id}/disable`, {}, { cookie: admin })).status).toBe(204);
    for (const socket of [deskSocket, chatSocket, observer]) expect((await socket.closedWith()).code).toBe(CloseCode.unauthorized);
    expect(visitor.closed).toBeNull();
    expect((await request("/api/session", { cookie: victim.cookie })).status).toBe(200);
    expect((await (await request("/api/session", { cookie: victim.cookie })).json<{ staff: unknown }>()).staff).toBeNull();
    expect((await tryLogin(victim.login, PASSWORD)).status).toBe(401);

    expect((await postJson(`/api/admin/accounts/${victim.id}/enable`, {}, { cookie: admin })).status).toBe(204);
    expect((await tryLogin(victim.login, PASSWORD)).status).toBe(200);
  });

  it("resets a password and the second factor, and refuses an admin disabling themselves", async () => {
    const admin = await loginAdmin();
    const s = await staffer("counsellor");
    const reset = await postJson(`/api/admin/accounts/${s.id}/reset`, { password: "a brand new long password" }, { cookie: admin });
    expect(reset.status).toBe(204);
    expect((await tryLogin(s.login, PASSWORD)).status).toBe(401);
    await loginAs(s.login, "a brand new long password");

    const accounts = await (await request("/api/admin/accounts", { cookie: admin })).json<Account[]>();
    const me = accounts.find((a) => a.login === "admin");
    expect(me).toMatchObject({ role: "admin", disabled: false });
    expect(JSON.stringify(accounts)).not.toMatch(/hash|salt|secret/);
    expect((await postJson(`/api/admin/accounts/${me?.id}/disable`, {}, { cookie: admin })).status).toBe(409);
    expect((await postJson("/api/admin/accounts/not-an-id/disable", {}, { cookie: admin })).status).toBe(404);
    expect((await postJson(`/api/admin/accounts/${crypto.randomUUID()}/disable`, {}, { cookie: admin })).status).toBe(404);
  });

  it("refuses a taken login name and a malformed account", async () => {
    const admin = await loginAdmin();
    const body = { login: "dup", displayName: "Dup", role: "counsellor", password: PASSWORD };
    expect((await postJson("/api/admin/accounts", body, { cookie: admin })).status).toBe(201);
    expect((await postJson("/api/admin/accounts", body, { cookie: admin })).status).toBe(409);
    expect((await postJson("/api/admin/accounts", { ...body, login: "x2", role: "root" }, { cookie: admin })).status).toBe(400);
    expect((await postJson("/api/admin/accounts", { ...body, login: "x3", extra: 1 }, { cookie: admin })).status).toBe(400);
  });
});

describe("the audit trail", () => {
  it("records logins, accepts, transfers, ends and account changes with time and staff id, never text", async () => {
    const admin = await loginAdmin();
    const from = await staffer("counsellor");
    const to = await staffer("counsellor");
    await openConsole(to.cookie);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "1", text: "geheime tekst van de bezoeker" });
    await visitor.next("ack");
    await accept(from.cookie, chat.conversationId);
    const transfer = await postJson(`/api/console/chats/${chat.conversationId}/transfer`, { to: to.id, note: "geheime overdracht" }, { cookie: from.cookie });
    expect(transfer.status).toBe(204);
    await postJson(`/api/console/chats/${chat.conversationId}/end`, { topic: "other", outcome: "information_given" }, { cookie: to.cookie });
    await postJson(`/api/admin/accounts/${from.id}/disable`, {}, { cookie: admin });

    const res = await request("/api/admin/audit", { cookie: admin });
    expect(res.status).toBe(200);
    const trail = await res.json<AuditEntry[]>();
    const has = (staffId: string, action: string, target: string | null = null) =>
      trail.some((e) => e.staffId === staffId && e.action === action && e.target === target && e.at > 0);
    expect(has(from.id, "login")).toBe(true);
    expect(has(from.id, "accept")).toBe(true);
    expect(has(from.id, "transfer", to.id)).toBe(true);
    expect(has(to.id, "end")).toBe(true);
    expect(trail.some((e) => e.action === "account_disabled" && e.target === from.id)).toBe(true);
    expect(JSON.stringify(trail)).not.toMatch(/geheim|conversation/);
    expect(JSON.stringify(trail)).not.toContain(chat.conversationId);
  });
});
