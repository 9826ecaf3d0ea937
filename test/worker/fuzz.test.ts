/**
 * Property-based fuzzing of every frame type, on chat and console sockets, and of every HTTP body the
 * worker reads: random, truncated, mutated, oversize and deeply nested input. The server never answers
 * 5xx, never fails inside, never sends a frame outside the protocol, and answers every bad frame with
 * exactly one typed error and every refused body with a typed JSON error.
 */
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { DESK_REFUSAL, DeskFrame } from "../../schema/desk";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { ApiError, type StartChatResponse } from "../../schema/http";
import { LIMITS } from "../../schema/limits";
import { ClientFrame, ServerFrame } from "../../schema/protocol";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import { PASSWORD, TestSocket, accept, freshNetwork, loginAdmin, request, startChat, chatUnderWay } from "./helpers";
import { openConsole, staffer } from "./staff-helpers";

// ---- inputs ----

const seq = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2));
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** Frames of every type, well-formed or nearly so. */
const frameLike = fc.oneof(
  fc.record({ type: fc.constant("hello"), token: fc.string({ maxLength: 140 }), since: seq }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("send"), cid: fc.string({ maxLength: 70 }), text: fc.string({ unit: "binary", maxLength: 50 }) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("typing") }),
  fc.record({ type: fc.constant("read"), seq }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("note"), text: fc.string({ unit: "binary", maxLength: 50 }) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("watched"), on: fc.oneof(fc.boolean(), anyJson) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("whisper"), text: fc.string({ unit: "binary", maxLength: 50 }) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("handoff_propose"), partner: fc.constantFrom("csg", "veilig-thuis", "nobody", ""), summary: fc.string({ unit: "binary", maxLength: 50 }) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("handoff_answer"), proposal: fc.string({ maxLength: 70 }), agree: fc.boolean(), version: fc.constantFrom(HANDOFF_TEXT_VERSION, "old") }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constantFrom("end", "msg", "ack", "welcome", "error", "", "HELLO") }),
);

/** An object (a frame or a body) with one field replaced, one added or one removed, as JSON. */
const mutate = (objects: fc.Arbitrary<object>) =>
  fc.tuple(objects, fc.string({ maxLength: 8 }), anyJson, fc.boolean()).map(([object, key, value, drop]) => {
    const copy: Record<string, unknown> = { ...object };
    const keys = Object.keys(copy);
    const target = keys[key.length % Math.max(1, keys.length)] ?? key;
    if (drop) delete copy[target];
    else copy[key.length % 2 === 0 ? target : key] = value;
    return JSON.stringify(copy);
  });

/** An object's JSON cut off somewhere. */
const truncate = (objects: fc.Arbitrary<object>) =>
  fc.tuple(objects, fc.nat()).map(([object, cut]) => {
    const text = JSON.stringify(object);
    return text.slice(0, cut % text.length);
  });

/** An object with a deeply nested value added (closed or not), or a bare deep array. */
const deepen = (objects: fc.Arbitrary<object>) =>
  fc.tuple(objects, fc.integer({ min: 50, max: 8000 }), fc.constantFrom("[", "{\"type\":", "{\"a\":"), fc.boolean()).map(
    ([object, depth, open, closeIt]) => {
      const close = open === "[" ? "]" : "}";
      const inner = `${open.repeat(depth)}0${closeIt ? close.repeat(depth) : ""}`;
      const text = JSON.stringify(object);
      return open === "[" ? inner : `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"x":${inner}}`;
    },
  );

const mutated = mutate(frameLike);
const truncated = truncate(frameLike);

const oversize = fc.oneof(
  fc.integer({ min: LIMITS.frameChars - 2, max: LIMITS.frameChars * 3 }).map((n) => "x".repeat(n)),
  fc.integer({ min: LIMITS.messageChars - 1, max: LIMITS.messageChars + 50 }).map((n) =>
    JSON.stringify({ type: "send", cid: "big", text: "é".repeat(n) }),
  ),
  fc.integer({ min: LIMITS.cidChars, max: 500 }).map((n) => JSON.stringify({ type: "send", cid: "c".repeat(n), text: "hi" })),
);

const nested = deepen(fc.constant({ type: "send", cid: "n", text: "x" }));

const rawFrame = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  anyJson.map((v) => JSON.stringify(v)),
  frameLike.map((f) => JSON.stringify(f)),
  mutated,
  truncated,
  oversize,
  nested,
);

/** What the protocol itself says of a frame, independently of the worker's parser. */
function accepted(raw: string): ClientFrame | null {
  if (raw.length > LIMITS.frameChars) return null;
  try {
    const parsed = ClientFrame.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---- checks ----

let errors: MockInstance<typeof console.error>;
beforeEach(() => {
  errors = vi.spyOn(console, "error");
});
afterEach(() => {
  // Nothing failed inside the worker or an object: no unhandled error, no failed frame.
  expect(errors.mock.calls.flat().join("\n")).not.toMatch(/http\.unhandled|frame_failed|Uncaught/);
  errors.mockRestore();
});

function expectProtocol(frames: unknown[]): void {
  for (const frame of frames) {
    expect(ServerFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
    expect(frame).not.toMatchObject({ type: "error", code: "internal" });
  }
}

const SENTINEL_MESSAGE = "This socket already said hello.";
const isSentinel = (f: ServerFrame) => f.type === "error" && f.message === SENTINEL_MESSAGE;

describe("frames on an open chat", () => {
  it("answer every bad frame with exactly one typed error, and never break the socket", async () => {
    const { visitor, counsellor } = await chatUnderWay();

    await fc.assert(
      fc.asyncProperty(rawFrame, fc.boolean(), async (raw, asVisitor) => {
        const frame = accepted(raw);
        // Ending the chat (or leaving it by quick exit) or saying hello again are valid and tested elsewhere; the rest is fair game.
        fc.pre(frame?.type !== "end" && frame?.type !== "exit" && frame?.type !== "hello");
        const socket = asVisitor ? visitor : counsellor;
        const mark = socket.frames.length;
        socket.sendRaw(raw);
        // A second hello is refused with a known error; once it is back, the fuzzed frame was handled.
        socket.send({ type: "hello", since: 0 });
        await expect.poll(() => socket.frames.slice(mark).some(isSentinel), { timeout: 3000, interval: 2 }).toBe(true);
        if (frame?.type === "handoff_propose" || frame?.type === "handoff_answer") {
          // Answered after a call to another object (the Desk's partners, the Handoffs store), so the
          // sentinel may overtake it: wait for the answer itself, or it lands in the next run's window.
          const answered = (f: ServerFrame) => !isSentinel(f) && (f.type === "error" || f.type.startsWith("handoff_"));
          await expect.poll(() => socket.frames.slice(mark).some(answered), { timeout: 3000, interval: 2 }).toBe(true);
        }
        const answers = socket.frames.slice(mark).filter((f) => !isSentinel(f));
        expectProtocol(answers);
        expect(socket.closed).toBeNull();
        const refusals = answers.filter((f) => f.type === "error");
        if (frame === null) {
          expect(refusals).toHaveLength(1);
          expect(["bad_json", "bad_frame", "too_large"]).toContain(refusals[0]?.type === "error" && refusals[0].code);
        } else if (frame.type === "note" && asVisitor) {
          // Notes are staff-only: a visitor's well-formed note is refused like a malformed frame.
          expect(refusals).toMatchObject([{ type: "error", code: "bad_frame" }]);
          expect(answers.some((f) => f.type === "note")).toBe(false);
        } else if (frame.type === "watched" && !asVisitor) {
          // Only the visitor says that someone is watching.
          expect(refusals).toMatchObject([{ type: "error", code: "bad_frame" }]);
        } else if (frame.type === "whisper" && asVisitor) {
          // Whispers are staff-only too, refused with a code of their own.
          expect(refusals).toMatchObject([{ type: "error", code: "staff_only" }]);
          expect(answers.some((f) => f.type === "whisper")).toBe(false);
        } else if (frame.type === "handoff_propose" || frame.type === "handoff_answer") {
          // The wrong party, an unknown partner, or an answer to no (or another) proposal: one typed refusal at most.
          expect(refusals.length).toBeLessThanOrEqual(1);
          for (const f of refusals) expect(["bad_frame", "unknown_partner", "no_proposal", "stale_proposal", "rate_limited"]).toContain(f.type === "error" && f.code);
        } else {
          expect(refusals.every((f) => f.type === "error" && f.code === "rate_limited")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expectProtocol(visitor.frames);
    expectProtocol(counsellor.frames);
  });
});

describe("the first frame on a new socket", () => {
  it("is refused with a typed error or a close code, never a crash", async () => {
    const chat = await startChat();
    await fc.assert(
      fc.asyncProperty(rawFrame, async (raw) => {
        const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
        const frame = accepted(raw);
        socket.sendRaw(raw);
        if (frame?.type === "hello") {
          // A made-up token: the socket is closed as unauthorized (the real token is never generated).
          expect((await socket.closedWith()).code).toBe(4401);
        } else {
          const error = await socket.next("error");
          expect(error.code).toBe(frame === null ? error.code : "hello_required");
          expect(["bad_json", "bad_frame", "too_large", "hello_required"]).toContain(error.code);
          expect(socket.closed).toBeNull();
          socket.close();
        }
        expectProtocol(socket.frames);
      }),
      { numRuns: 60 },
    );
  });
});

describe("frames on a console socket", () => {
  it("are each answered with exactly one typed error: the console socket takes no client frames", async () => {
    const cookie = await loginAdmin();
    const socket = await openConsole(cookie);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(rawFrame, fc.uint8Array({ maxLength: 64 }).map((b) => b.buffer)), async (raw) => {
        socket.sendRaw(raw);
        sent++;
        await expect.poll(() => socket.all("error").length, { timeout: 3000, interval: 2 }).toBe(sent);
        expect(socket.closed).toBeNull();
      }),
      { numRuns: 150 },
    );
    // No second answer to any frame arrived late, and every frame the Desk sent is one of its own.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.all("error")).toEqual(Array.from({ length: sent }, () => DESK_REFUSAL));
    for (const frame of socket.frames) expect(DeskFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
    expect(socket.frames.some((f) => f.type !== "error")).toBe(true);
  });
});

// ---- HTTP ----

/** What the rows below act on, made once: a chat this admin answers, one still waiting, a colleague. */
type Scene = { cookie: string; assigned: StartChatResponse; waiting: StartChatResponse; colleague: string };

/**
 * Every route that reads a body: how to reach it, whether it needs a staff session, a body it
 * accepts, and how many runs it gets (few where a valid body costs a password hash).
 * POST /api/logout reads no body and would end the session the rows share, so it is fuzzed anonymously.
 */
type Row = {
  route: string;
  method: "POST" | "PUT";
  path: (s: Scene) => string;
  session: boolean;
  sample: (s: Scene) => object;
  runs: number;
  maxBytes?: number;
};

const CHAT_ID = (s: Scene) => s.assigned.conversationId;
const ROWS: Row[] = [
  { route: "POST /api/chats", method: "POST", path: () => "/api/chats", session: false, sample: () => ({ inDanger: true, language: "en" }), runs: 100 },
  { route: "POST /api/chats/challenge", method: "POST", path: () => "/api/chats/challenge", session: false, sample: () => ({}), runs: 40 },
  { route: "POST /api/setup", method: "POST", path: () => "/api/setup", session: false, sample: () => ({ secret: "s".repeat(20), login: "someone", displayName: "Someone", password: PASSWORD }), runs: 80 },
  { route: "POST /api/login", method: "POST", path: () => "/api/login", session: false, sample: () => ({ login: "admin", password: PASSWORD }), runs: 20 },
  { route: "POST /api/logout", method: "POST", path: () => "/api/logout", session: false, sample: () => ({}), runs: 20 },
  { route: "POST /api/console/totp/confirm", method: "POST", path: () => "/api/console/totp/confirm", session: true, sample: () => ({ code: "000000" }), runs: 80 },
  { route: "POST /api/console/status", method: "POST", path: () => "/api/console/status", session: true, sample: () => ({ status: "available", capacity: 10 }), runs: 80 },
  { route: "POST /api/console/chats/:id/accept", method: "POST", path: (s) => `/api/console/chats/${s.waiting.conversationId}/accept`, session: true, sample: () => ({}), runs: 80 },
  { route: "POST /api/chats/:id/keep", method: "POST", path: (s) => `/api/chats/${CHAT_ID(s)}/keep`, session: false, sample: (s) => ({ token: s.assigned.token, version: CONSENT_TEXT_VERSION }), runs: 80 },
  { route: "POST /api/console/chats/:id/details", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/details`, session: true, sample: () => ({ ageBand: "16_17", gender: null, region: null }), runs: 80 },
  { route: "POST /api/console/chats/:id/transfer", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/transfer`, session: true, sample: (s) => ({ to: s.colleague, note: "over to you" }), runs: 80 },
  { route: "POST /api/console/chats/:id/end", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/end`, session: true, sample: () => ({ topic: "other", outcome: "no_contact" }), runs: 80 },
  { route: "POST /api/console/chats/:id/escalate", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/escalate`, session: true, sample: () => ({ reason: "immediate_danger" }), runs: 80 },
  { route: "POST /api/console/chats/:id/join", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/join`, session: true, sample: () => ({}), runs: 40 },
  { route: "POST /api/console/chats/:id/block", method: "POST", path: (s) => `/api/console/chats/${CHAT_ID(s)}/block`, session: true, sample: () => ({ minutes: 60 }), runs: 80 },
  { route: "POST /api/survey", method: "POST", path: () => "/api/survey", session: false, sample: () => ({ ticket: "A".repeat(22), helped: "yes", again: "maybe" }), runs: 80 },
  { route: "POST /api/chats/:id/exit", method: "POST", path: (s) => `/api/chats/${s.waiting.conversationId}/exit`, session: false, sample: (s) => ({ token: s.waiting.token }), runs: 80 },
  { route: "POST /api/chats/:id/withdraw", method: "POST", path: (s) => `/api/chats/${CHAT_ID(s)}/withdraw`, session: false, sample: (s) => ({ token: s.assigned.token }), runs: 80 },
  { route: "POST /api/resume", method: "POST", path: () => "/api/resume", session: false, sample: () => ({ code: "ABCD-EFGH-JKMN-PQRS", language: "nl" }), runs: 80 },
  { route: "POST /api/resume/delete", method: "POST", path: () => "/api/resume/delete", session: false, sample: () => ({ code: "ABCD-EFGH-JKMN-PQRS" }), runs: 80 },
  { route: "POST /api/invites/:code/opened", method: "POST", path: () => `/api/invites/${"a".repeat(16)}/opened`, session: false, sample: () => ({}), runs: 40 },
  { route: "POST /api/handoffs/withdraw", method: "POST", path: () => "/api/handoffs/withdraw", session: false, sample: () => ({ code: "ABCD-EFGH" }), runs: 80 },
  { route: "POST /api/console/handoffs/lookup", method: "POST", path: () => "/api/console/handoffs/lookup", session: true, sample: () => ({ code: "ABCD-EFGH" }), runs: 80 },
  { route: "POST /api/outreach/invites", method: "POST", path: () => "/api/outreach/invites", session: true, sample: () => ({ channel: "snapchat", expiresInHours: 24, maxUses: null }), runs: 80 },
  { route: "POST /api/admin/accounts", method: "POST", path: () => "/api/admin/accounts", session: true, sample: () => ({ login: "fuzzed", displayName: "Fuzz", role: "counsellor", password: PASSWORD }), runs: 20 },
  { route: "POST /api/admin/accounts/:id/reset", method: "POST", path: (s) => `/api/admin/accounts/${s.colleague}/reset`, session: true, sample: () => ({ password: PASSWORD }), runs: 20 },
  { route: "PUT /api/admin/helpline", method: "PUT", path: () => "/api/admin/helpline", session: true, sample: () => DEFAULT_SETTINGS, runs: 25, maxBytes: LIMITS.settingsBytes },
];

/** Bodies for one route: anything at all, its valid sample, and the sample mutated, cut, padded past
 *  the route's size limit and nested deeply. */
function bodies(sample: object, maxBytes: number): fc.Arbitrary<string> {
  const valid = fc.constant(sample);
  return fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    anyJson.map((v) => JSON.stringify(v)),
    valid.map((v) => JSON.stringify(v)),
    mutate(valid),
    truncate(valid),
    deepen(valid),
    fc.integer({ min: maxBytes - 10, max: maxBytes * 2 }).map((n) => JSON.stringify({ ...sample, pad: "x".repeat(n) })),
    oversize,
  );
}

/** What readJson says when it refuses a body; a sample must get past all of them. */
const PARSE_REFUSALS = ["Body is not valid JSON.", "Body does not match the expected shape.", "Request body too large."];

/** Each request comes from another client, so the per-client limits never hide how a body is handled. */
function send(row: Row, scene: Scene, body: string, type: string, withCookie: boolean): Promise<Response> {
  const headers: Record<string, string> = { "cf-connecting-ip": freshNetwork() };
  if (type) headers["content-type"] = type;
  return request(row.path(scene), { method: row.method, body, headers, ...(withCookie ? { cookie: scene.cookie } : {}) });
}

async function expectTypedAnswer(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expect(ApiError.safeParse(await res.json()).success).toBe(true);
  else await res.arrayBuffer();
}

describe("HTTP bodies", () => {
  const scene: Partial<Scene> = {};
  beforeAll(async () => {
    scene.cookie = await loginAdmin();
    scene.assigned = await startChat();
    expect((await accept(scene.cookie, scene.assigned.conversationId)).status).toBe(204);
    scene.waiting = await startChat();
    scene.colleague = (await staffer("counsellor")).id;
  });
  afterAll(async () => {
    // Fuzzed settings may have been saved; the rest of the file's storage gets the defaults back.
    const res = await request("/api/admin/helpline", { method: "PUT", body: JSON.stringify(DEFAULT_SETTINGS), headers: { "content-type": "application/json" }, cookie: scene.cookie ?? "" });
    expect(res.status).toBe(204);
  });

  it.each(ROWS.map((row) => [row.route, row] as const))("%s answers anything with a typed answer and never 5xx", async (_route, row) => {
    const { cookie, assigned, waiting, colleague } = scene;
    if (!cookie || !assigned || !waiting || !colleague) throw new Error("scene not set up");
    const ready: Scene = { cookie, assigned, waiting, colleague };
    // The sample gets past parsing (and, for staff routes, past the session check): the fuzz aims at the real schema.
    const first = await send(row, ready, JSON.stringify(row.sample(ready)), "application/json", row.session);
    expect(first.status).toBeLessThan(500);
    if (first.status >= 400) {
      const refusal = ApiError.parse(await first.json());
      expect(PARSE_REFUSALS).not.toContain(refusal.message);
      if (row.session) expect(first.status).not.toBe(401);
    }
    await fc.assert(
      fc.asyncProperty(bodies(row.sample(ready), row.maxBytes ?? LIMITS.bodyBytes), fc.constantFrom("application/json", "text/plain", ""), fc.boolean(), async (body, type, withCookie) => {
        await expectTypedAnswer(await send(row, ready, body, type, withCookie && row.session));
      }),
      { numRuns: row.runs },
    );
  });

  it("random paths and ids under /api and /ws are refused with a typed answer", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/console/chats/", "/ws/chat/", "/ws/console/chat/", "/api/"),
        fc.string({ unit: "binary-ascii", maxLength: 60 }),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        async (prefix, rest, method) => {
          const path = prefix + encodeURIComponent(rest);
          const res = await request(path, { method, headers: { upgrade: "websocket" } });
          if (res.webSocket) {
            res.webSocket.accept();
            res.webSocket.close();
            return;
          }
          await expectTypedAnswer(res);
        },
      ),
      { numRuns: 120 },
    );
  });
});
