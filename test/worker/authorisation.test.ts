/**
 * The authorisation matrix: every HTTP route and every socket action, for every kind of caller, with
 * the expected allow or deny. "Allow" means the caller got past authorisation (the action may still
 * fail for another reason, e.g. 409 because the chat is no longer waiting); "deny" means 401 or 403,
 * or for sockets a close or a refused frame. Every request comes from a client address of its own, so
 * the per-client limits never answer in authorisation's place. A guard at the end fails when the app
 * has a route this matrix does not list.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import { CloseCode } from "../../schema/protocol";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import { app } from "../../worker/app";
import { PASSWORD, TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, openChat, request } from "./helpers";
import { type Staffer, staffer } from "./staff-helpers";

const CALLERS = ["anonymous", "visitor", "counsellor", "unassigned", "outreach", "supervisor", "coordinator", "admin"] as const;
type Caller = (typeof CALLERS)[number];
type Rule = "allow" | "deny";

/** Per case: a chat assigned to "counsellor", and one still waiting. */
type Case = { assigned: StartChatResponse; waiting: StartChatResponse; staff: Record<string, Staffer> };

type Route = {
  /** The method and the path as the app registers it; a variant of a route adds a note in brackets. */
  name: string;
  method: "GET" | "POST" | "PUT";
  path: (c: Case) => string;
  /** The visitor caller sends its own chat's token where a route takes one; everyone else a guess. */
  body?: (c: Case, caller: Caller) => unknown;
  socket?: boolean;
  allow: readonly Caller[];
};

const STAFF: readonly Caller[] = ["counsellor", "unassigned", "outreach", "supervisor", "coordinator", "admin"];
const CHAT: readonly Caller[] = ["counsellor", "unassigned", "outreach", "supervisor", "admin"];
const OUTREACH: readonly Caller[] = ["outreach", "admin"];
const EVERYONE: readonly Caller[] = CALLERS;
const ADMIN: readonly Caller[] = ["admin"];
const someAccount = (c: Case) => c.staff.unassigned?.id ?? "";
/** The visitor of the waiting chat knows its token; nobody else does. */
const tokenOf = (c: Case, caller: Caller) => (caller === "visitor" ? c.waiting.token : "a-guessed-token-that-is-not-this-chats");
const NO_DETAILS = { ageBand: null, gender: null, region: null };
const RANGE = "?from=2026-01-01&to=2026-01-07";

const ROUTES: Route[] = [
  { name: "GET /api/health", method: "GET", path: () => "/api/health", allow: EVERYONE },
  { name: "GET /api/helpline", method: "GET", path: () => "/api/helpline", allow: EVERYONE },
  // Setup is done in every case here, so the answer is 409 for all; the secret guards it, not a role.
  { name: "POST /api/setup", method: "POST", path: () => "/api/setup", body: () => ({ secret: "not the secret", login: "late", displayName: "L", password: PASSWORD }), allow: EVERYONE },
  { name: "GET /api/session", method: "GET", path: () => "/api/session", allow: EVERYONE },
  { name: "POST /api/chats", method: "POST", path: () => "/api/chats", body: () => ({}), allow: EVERYONE },
  { name: "POST /api/chats/challenge", method: "POST", path: () => "/api/chats/challenge", body: () => ({}), allow: EVERYONE },
  { name: "POST /api/closed-visit", method: "POST", path: () => "/api/closed-visit", body: () => ({}), allow: EVERYONE },
  { name: "POST /api/login", method: "POST", path: () => "/api/login", body: () => ({ login: "admin", password: PASSWORD }), allow: EVERYONE },
  { name: "POST /api/console/totp", method: "POST", path: () => "/api/console/totp", body: () => ({}), allow: STAFF },
  { name: "POST /api/console/totp/confirm", method: "POST", path: () => "/api/console/totp/confirm", body: () => ({ code: "000000" }), allow: STAFF },
  { name: "GET /api/console/canned", method: "GET", path: () => "/api/console/canned", allow: CHAT },
  { name: "POST /api/console/status", method: "POST", path: () => "/api/console/status", body: () => ({ status: "available", capacity: 10 }), allow: CHAT },
  { name: "POST /api/console/chats/:id/accept", method: "POST", path: (c) => `/api/console/chats/${c.waiting.conversationId}/accept`, body: () => ({}), allow: CHAT },
  // Only the assigned counsellor may hand over or end a chat.
  { name: "POST /api/console/chats/:id/transfer", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/transfer`, body: (c) => ({ to: someAccount(c), note: "" }), allow: ["counsellor"] },
  { name: "POST /api/console/chats/:id/end", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/end`, body: () => ({ topic: "other", outcome: "no_contact" }), allow: ["counsellor"] },
  // Recording details needs the assigned counsellor (and the visitor's consent: without it, 409).
  { name: "POST /api/console/chats/:id/details", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/details`, body: () => NO_DETAILS, allow: ["counsellor"] },
  { name: "POST /api/console/chats/:id/details (waiting chat, nobody assigned)", method: "POST", path: (c) => `/api/console/chats/${c.waiting.conversationId}/details`, body: () => NO_DETAILS, allow: [] },
  // Only the assigned counsellor escalates; observing roles may join (409 here: the chat is not escalated).
  { name: "POST /api/console/chats/:id/escalate", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/escalate`, body: () => ({ reason: "other" }), allow: ["counsellor"] },
  { name: "POST /api/console/chats/:id/join", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/join`, body: () => ({}), allow: ["supervisor", "admin"] },
  { name: "GET /ws/console", method: "GET", path: () => "/ws/console", socket: true, allow: CHAT },
  // The upgrade only; who may then read the chat is the hello matrix below.
  { name: "GET /ws/chat/:id", method: "GET", path: (c) => `/ws/chat/${c.assigned.conversationId}`, socket: true, allow: EVERYONE },
  // Only the chat's own counsellor: helpline and holder are checked before the upgrade.
  { name: "GET /ws/console/chat/:id", method: "GET", path: (c) => `/ws/console/chat/${c.assigned.conversationId}`, socket: true, allow: ["counsellor"] },
  { name: "GET /ws/console/observe/:id", method: "GET", path: (c) => `/ws/console/observe/${c.assigned.conversationId}`, socket: true, allow: ["supervisor", "admin"] },
  { name: "GET /api/admin/accounts", method: "GET", path: () => "/api/admin/accounts", allow: ADMIN },
  { name: "POST /api/admin/accounts", method: "POST", path: () => "/api/admin/accounts", body: () => ({ login: `x${crypto.randomUUID().slice(0, 8)}`, displayName: "X", role: "counsellor", password: PASSWORD }), allow: ADMIN },
  { name: "POST /api/admin/accounts/:id/enable", method: "POST", path: (c) => `/api/admin/accounts/${c.staff.coordinator?.id}/enable`, body: () => ({}), allow: ADMIN },
  { name: "POST /api/admin/accounts/:id/reset", method: "POST", path: (c) => `/api/admin/accounts/${c.staff.coordinator?.id}/reset`, body: () => ({ password: PASSWORD }), allow: ADMIN },
  { name: "POST /api/admin/accounts/:id/disable (unknown account)", method: "POST", path: () => `/api/admin/accounts/${crypto.randomUUID()}/disable`, body: () => ({}), allow: ADMIN },
  { name: "POST /api/admin/accounts/:id/helplines", method: "POST", path: (c) => `/api/admin/accounts/${c.staff.coordinator?.id}/helplines`, body: () => ({ helplines: ["baken"] }), allow: ADMIN },
  { name: "GET /api/admin/audit", method: "GET", path: () => "/api/admin/audit", allow: ADMIN },
  { name: "GET /api/admin/helpline", method: "GET", path: () => "/api/admin/helpline", allow: ADMIN },
  { name: "PUT /api/admin/helpline", method: "PUT", path: () => "/api/admin/helpline", body: () => DEFAULT_SETTINGS, allow: ADMIN },
  { name: "GET /api/admin/second-factor", method: "GET", path: () => "/api/admin/second-factor", allow: ADMIN },
  // Puts back what the suite runs with (no role needs a factor), so the matrix's own admin is not held to one.
  { name: "PUT /api/admin/second-factor", method: "PUT", path: () => "/api/admin/second-factor", body: () => ({ roles: { counsellor: false, outreach: false, supervisor: false, coordinator: false, admin: false } }), allow: ADMIN },
  { name: "POST /api/outreach/invites", method: "POST", path: () => "/api/outreach/invites", body: () => ({ channel: "snapchat" }), allow: OUTREACH },
  { name: "GET /api/outreach/invites", method: "GET", path: () => "/api/outreach/invites", allow: OUTREACH },
  { name: "POST /api/outreach/invites/:id/revoke", method: "POST", path: () => `/api/outreach/invites/${"a".repeat(16)}/revoke`, body: () => ({}), allow: OUTREACH },
  { name: "GET /api/invites/:code", method: "GET", path: () => `/api/invites/${"a".repeat(16)}`, allow: EVERYONE },
  { name: "POST /api/invites/:code/opened", method: "POST", path: () => `/api/invites/${"a".repeat(16)}/opened`, body: () => ({}), allow: EVERYONE },
  { name: "GET /i/:code", method: "GET", path: () => `/i/${"a".repeat(16)}`, allow: EVERYONE },
  { name: "GET /embed", method: "GET", path: () => "/embed", allow: EVERYONE },
  { name: "GET /h/:id", method: "GET", path: () => "/h/west", allow: EVERYONE },
  { name: "GET /api/dashboard", method: "GET", path: () => `/api/dashboard${RANGE}`, allow: ["coordinator", "admin"] },
  { name: "GET /api/dashboard.csv", method: "GET", path: () => `/api/dashboard.csv${RANGE}`, allow: ["coordinator", "admin"] },
  { name: "GET /api/keep", method: "GET", path: () => "/api/keep", allow: EVERYONE },
  // Keeping and withdrawing take the chat's token: only its visitor has it.
  { name: "POST /api/chats/:id/keep", method: "POST", path: (c) => `/api/chats/${c.waiting.conversationId}/keep`, body: (c, caller) => ({ token: tokenOf(c, caller), version: CONSENT_TEXT_VERSION }), allow: ["visitor"] },
  { name: "POST /api/chats/:id/exit", method: "POST", path: (c) => `/api/chats/${c.waiting.conversationId}/exit`, body: (c, caller) => ({ token: tokenOf(c, caller) }), allow: ["visitor"] },
  { name: "POST /api/chats/:id/withdraw", method: "POST", path: (c) => `/api/chats/${c.waiting.conversationId}/withdraw`, body: (c, caller) => ({ token: tokenOf(c, caller) }), allow: ["visitor"] },
  // A resume code is the only key here, for anyone who has it; a wrong one is a 404 for all.
  { name: "POST /api/resume", method: "POST", path: () => "/api/resume", body: () => ({ code: "ABCD-EFGH-JKMN-PQRS" }), allow: EVERYONE },
  { name: "POST /api/resume/delete", method: "POST", path: () => "/api/resume/delete", body: () => ({ code: "ABCD-EFGH-JKMN-PQRS" }), allow: EVERYONE },
  // Any chat staff may ask for a debrief; it names no chat.
  { name: "POST /api/console/debrief", method: "POST", path: () => "/api/console/debrief", allow: CHAT },
  { name: "POST /api/logout", method: "POST", path: () => "/api/logout", body: () => ({}), allow: STAFF },
  // Blocking a visitor: only the chat's own counsellor; the list and the lift: supervisors and admins.
  { name: "POST /api/console/chats/:id/block", method: "POST", path: (c) => `/api/console/chats/${c.assigned.conversationId}/block`, body: () => ({ minutes: 60 }), allow: ["counsellor"] },
  { name: "GET /api/console/blocks", method: "GET", path: () => "/api/console/blocks", allow: ["supervisor", "admin"] },
  { name: "POST /api/console/blocks/:id/lift", method: "POST", path: () => `/api/console/blocks/${"a".repeat(22)}/lift`, body: () => ({}), allow: ["supervisor", "admin"] },
  // The survey's ticket is its only key; a wrong one is a 409 for all.
  { name: "POST /api/survey", method: "POST", path: () => "/api/survey", body: () => ({ ticket: "A".repeat(22), helped: "yes" }), allow: EVERYONE },
  // A handoff code is the visitor's key to withdraw it; staff who take chats look one up (404 for a wrong code).
  { name: "POST /api/handoffs/withdraw", method: "POST", path: () => "/api/handoffs/withdraw", body: () => ({ code: "ABCD-EFGH" }), allow: EVERYONE },
  { name: "GET /api/console/handoffs/partners", method: "GET", path: () => "/api/console/handoffs/partners", allow: CHAT },
  { name: "POST /api/console/handoffs/lookup", method: "POST", path: () => "/api/console/handoffs/lookup", body: () => ({ code: "ABCD-EFGH" }), allow: CHAT },
];

let staff: Record<string, Staffer> = {};
const cookies: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  cookies.admin = await loginAdmin();
  staff = {
    counsellor: await staffer("counsellor", "Assigned"),
    unassigned: await staffer("counsellor", "Other"),
    outreach: await staffer("outreach"),
    supervisor: await staffer("supervisor"),
    coordinator: await staffer("coordinator"),
  };
  for (const [caller, s] of Object.entries(staff)) cookies[caller as Caller] = s.cookie;
});

/** A fresh session for a caller, so a logout or reset in one row does not spoil the next. */
async function cookieFor(caller: Caller): Promise<string | undefined> {
  if (caller === "anonymous" || caller === "visitor") return undefined;
  if (caller === "admin") return loginAdmin();
  const login = staff[caller]?.login ?? "";
  const res = await request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** Chats opened past the start checks: the matrix tests who may act on a chat, and its ~1,000 starts
 *  through the edge tripped the helpline's starts-per-minute ceiling whenever the file ran fast. */
async function freshCase(): Promise<Case> {
  const assigned = await openChat();
  const waiting = await openChat();
  expect((await accept(staff.counsellor?.cookie ?? "", assigned.conversationId)).status).toBe(204);
  return { assigned, waiting, staff };
}

async function cleanUp(c: Case): Promise<void> {
  const desk = env.DESK.getByName(DEFAULT_HELPLINE);
  await desk.release(c.assigned.conversationId);
  await desk.release(c.waiting.conversationId);
}

describe("authorisation matrix: HTTP routes and socket upgrades", () => {
  const rows = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));
  it.each(rows.map((r) => [`${r.route.name} as ${r.caller}`, r] as const))(
    "%s",
    async (_name, { route, caller }) => {
      const c = await freshCase();
      const cookie = await cookieFor(caller);
      const path = route.path(c);
      const res = await request(path, {
        method: route.method,
        ...(cookie ? { cookie } : {}),
        headers: {
          "cf-connecting-ip": freshAddress(),
          ...(route.socket ? { upgrade: "websocket" } : route.body ? { "content-type": "application/json" } : {}),
        },
        ...(route.body ? { body: JSON.stringify(route.body(c, caller)) } : {}),
      });
      res.webSocket?.accept();
      res.webSocket?.close();
      const expected: Rule = route.allow.includes(caller) ? "allow" : "deny";
      const got: Rule = res.status === 401 || res.status === 403 ? "deny" : "allow";
      expect(`${route.method} ${path} as ${caller}: ${got} (${res.status})`).toBe(`${route.method} ${path} as ${caller}: ${expected} (${res.status})`);
      expect(res.status).toBeLessThan(500);
      await cleanUp(c);
    },
  );
});

let addresses = 0;
/** An IPv4 address in a /24 of its own: limits count the /24 too (worker/client-prefix.ts). */
function freshAddress(): string {
  addresses++;
  return `10.${(addresses >> 8) & 0xff}.${addresses & 0xff}.1`;
}

/** The catch-alls (404s for unknown API and socket paths, pages from the assets) and middleware. */
const NOT_ROUTES = new Set(["ALL *", "ALL /*", "ALL /api/*", "ALL /ws/*", "ALL /api/admin/*"]);

describe("authorisation matrix: completeness", () => {
  it("lists every route the app registers", () => {
    const registered = new Set(app.routes.map((r) => `${r.method} ${r.path}`).filter((r) => !NOT_ROUTES.has(r)));
    const listed = new Set(ROUTES.map((r) => r.name.replace(/ \(.*\)$/, "")));
    expect([...registered].filter((r) => !listed.has(r)).sort()).toEqual([]);
    // And the matrix lists nothing the app does not have, so a renamed route cannot hide.
    expect([...listed].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });
});

type SocketKind = "visitor" | "counsellor" | "observer";

/** Who may say hello on which chat socket: only the visitor with the token, the assigned counsellor,
 *  and observing supervisors. */
describe("authorisation matrix: reading a conversation", () => {
  const HELLO: { caller: Caller; path: "chat" | "console" | "observe"; allow: boolean }[] = [
    ...CALLERS.map((caller) => ({ caller, path: "chat" as const, allow: caller === "visitor" })),
    ...CALLERS.map((caller) => ({ caller, path: "console" as const, allow: caller === "counsellor" })),
    ...CALLERS.map((caller) => ({ caller, path: "observe" as const, allow: caller === "supervisor" || caller === "admin" })),
  ];
  it.each(HELLO)("$path socket as $caller: allowed $allow", async ({ caller, path, allow }) => {
    const c = await freshCase();
    const cookie = await cookieFor(caller);
    const url = { chat: "/ws/chat/", console: "/ws/console/chat/", observe: "/ws/console/observe/" }[path] + c.assigned.conversationId;
    const res = await request(url, { headers: { upgrade: "websocket" }, ...(cookie ? { cookie } : {}) });
    if (!res.webSocket) {
      expect(allow).toBe(false);
      expect([401, 403]).toContain(res.status);
    } else {
      res.webSocket.accept();
      const socket = new HelloOutcome(res.webSocket);
      res.webSocket.send(JSON.stringify({ type: "hello", since: 0, ...(caller === "visitor" ? { token: c.assigned.token } : {}) }));
      const outcome = await socket.outcome();
      expect(outcome === "welcome").toBe(allow);
      if (!allow) expect([CloseCode.unauthorized, CloseCode.forbidden]).toContain(outcome);
      res.webSocket.close();
    }
    await cleanUp(c);
  });

  const FRAMES = [
    { type: "send", cid: "m", text: "hallo" },
    { type: "typing" },
    { type: "read", seq: 0 },
    { type: "note", text: "private" },
    { type: "whisper", text: "coaching" },
    { type: "end" },
    { type: "exit" },
    { type: "handoff_propose", partner: "csg", summary: "samenvatting" },
    { type: "handoff_answer", proposal: "none", agree: false, version: HANDOFF_TEXT_VERSION },
    { type: "watched", on: true },
  ] as const;
  const ACTIONS: { who: SocketKind; frame: (typeof FRAMES)[number]; allow: boolean }[] = [
    ...FRAMES.map((frame) => ({ who: "visitor" as const, frame, allow: frame.type !== "note" && frame.type !== "whisper" && frame.type !== "handoff_propose" })),
    // Only a visitor leaves by quick exit, says that someone is watching, or answers a handoff; only the
    // counsellor proposes one.
    ...FRAMES.map((frame) => ({ who: "counsellor" as const, frame, allow: frame.type !== "exit" && frame.type !== "watched" && frame.type !== "handoff_answer" })),
    // An observer only whispers: a supervisor coaches the counsellor, never the visitor.
    ...FRAMES.map((frame) => ({ who: "observer" as const, frame, allow: frame.type === "whisper" })),
  ];
  it.each(ACTIONS)("$who sends $frame.type: allowed $allow", async ({ who, frame, allow }) => {
    const c = await freshCase();
    const visitor = await connectVisitor(c.assigned);
    const counsellor = await connectCounsellor(staff.counsellor?.cookie ?? "", c.assigned.conversationId);
    let socket = who === "visitor" ? visitor : counsellor;
    if (who === "observer") {
      socket = await TestSocket.open(`/ws/console/observe/${c.assigned.conversationId}`, { cookie: staff.supervisor?.cookie ?? "" });
      socket.send({ type: "hello", since: 0 });
      await socket.next("welcome");
    }
    socket.send(frame);
    if (allow && frame.type === "handoff_answer") {
      // Past authorisation: there is just no proposal to answer.
      expect((await socket.next("error")).code).toBe("no_proposal");
    } else if (allow) {
      const effect = { send: "ack", typing: null, read: null, note: "note", whisper: "whisper", end: "ended", exit: "ended", watched: "watched", handoff_propose: "handoff_proposal", handoff_answer: null }[frame.type];
      if (effect) await socket.next(effect as "ack" | "note" | "whisper" | "ended" | "watched" | "handoff_proposal");
      else expect(await (who === "visitor" ? counsellor : visitor).next(frame.type as "typing" | "read")).toBeTruthy();
      expect(socket.all("error")).toEqual([]);
    } else {
      expect(["bad_frame", "read_only", "staff_only"]).toContain((await socket.next("error")).code);
    }
    await cleanUp(c);
  });
});

/** Waits for the first welcome or close on a raw socket. */
class HelloOutcome {
  private result: Promise<"welcome" | number>;
  constructor(ws: WebSocket) {
    this.result = new Promise((resolve) => {
      ws.addEventListener("message", (e) => {
        if (String(e.data).includes('"welcome"')) resolve("welcome");
      });
      ws.addEventListener("close", (e) => resolve(e.code));
    });
  }
  outcome(): Promise<"welcome" | number> {
    return this.result;
  }
}
