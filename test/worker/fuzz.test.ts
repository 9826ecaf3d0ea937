/**
 * Property-based fuzzing of every frame type and every HTTP body: random, truncated, mutated,
 * oversize and deeply nested input. The server never answers 5xx, never fails inside, never sends a
 * frame outside the protocol, and answers every bad frame with exactly one typed error.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ApiError } from "../../schema/http";
import { LIMITS } from "../../schema/limits";
import { ClientFrame, ServerFrame } from "../../schema/protocol";
import { TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, request, startChat } from "./helpers";

// ---- inputs ----

const seq = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2));
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** Frames of every type, well-formed or nearly so. */
const frameLike = fc.oneof(
  fc.record({ type: fc.constant("hello"), token: fc.string({ maxLength: 140 }), since: seq }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("send"), cid: fc.string({ maxLength: 70 }), text: fc.string({ unit: "binary", maxLength: 50 }) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("typing") }),
  fc.record({ type: fc.constant("read"), seq }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constantFrom("end", "msg", "ack", "welcome", "error", "", "HELLO") }),
);

/** A frame with one field replaced, one added or one removed. */
const mutated = fc.tuple(frameLike, fc.string({ maxLength: 8 }), anyJson, fc.boolean()).map(([frame, key, value, drop]) => {
  const copy: Record<string, unknown> = { ...frame };
  const keys = Object.keys(copy);
  const target = keys[key.length % Math.max(1, keys.length)] ?? key;
  if (drop) delete copy[target];
  else copy[key.length % 2 === 0 ? target : key] = value;
  return JSON.stringify(copy);
});

const truncated = fc.tuple(frameLike, fc.nat()).map(([frame, cut]) => {
  const text = JSON.stringify(frame);
  return text.slice(0, cut % text.length);
});

const oversize = fc.oneof(
  fc.integer({ min: LIMITS.frameChars - 2, max: LIMITS.frameChars * 3 }).map((n) => "x".repeat(n)),
  fc.integer({ min: LIMITS.messageChars - 1, max: LIMITS.messageChars + 50 }).map((n) =>
    JSON.stringify({ type: "send", cid: "big", text: "é".repeat(n) }),
  ),
  fc.integer({ min: LIMITS.cidChars, max: 500 }).map((n) => JSON.stringify({ type: "send", cid: "c".repeat(n), text: "hi" })),
);

const nested = fc.tuple(fc.integer({ min: 50, max: 8000 }), fc.constantFrom("[", "{\"type\":", "{\"a\":"), fc.boolean()).map(
  ([depth, open, closeIt]) => {
    const close = open === "[" ? "]" : "}";
    const inner = open.repeat(depth) + "0" + (closeIt ? close.repeat(depth) : "");
    return open === "[" ? inner : JSON.stringify({ type: "send", cid: "n", text: "x" }).slice(0, -1) + `,"x":${inner}}`;
  },
);

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
    const cookie = await loginAdmin();
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    await accept(cookie, chat.conversationId);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);

    await fc.assert(
      fc.asyncProperty(rawFrame, fc.boolean(), async (raw, asVisitor) => {
        const frame = accepted(raw);
        // Ending the chat or saying hello again are valid and tested elsewhere; the rest is fair game.
        fc.pre(frame?.type !== "end" && frame?.type !== "hello");
        const socket = asVisitor ? visitor : counsellor;
        const mark = socket.frames.length;
        socket.sendRaw(raw);
        // A second hello is refused with a known error; once it is back, the fuzzed frame was handled.
        socket.send({ type: "hello", since: 0 });
        await expect.poll(() => socket.frames.slice(mark).some(isSentinel), { timeout: 3000, interval: 2 }).toBe(true);
        const answers = socket.frames.slice(mark).filter((f) => !isSentinel(f));
        expectProtocol(answers);
        expect(socket.closed).toBeNull();
        const refusals = answers.filter((f) => f.type === "error");
        if (frame === null) {
          expect(refusals).toHaveLength(1);
          expect(["bad_json", "bad_frame", "too_large"]).toContain(refusals[0]?.type === "error" && refusals[0].code);
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

// ---- HTTP ----

const bodyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  anyJson.map((v) => JSON.stringify(v)),
  fc.record(
    { inDanger: fc.oneof(fc.boolean(), fc.constant(null), anyJson), language: fc.oneof(fc.constantFrom("nl", "en"), anyJson) },
    { requiredKeys: [] },
  ).map((v) => JSON.stringify(v)),
  fc.record(
    { secret: fc.string({ maxLength: 300 }), login: fc.string({ maxLength: 70 }), displayName: fc.string({ maxLength: 50 }), password: fc.string({ maxLength: 300 }) },
    { requiredKeys: [] },
  ).map((v) => JSON.stringify(v)),
  truncated,
  oversize,
  nested,
  fc.integer({ min: LIMITS.bodyBytes - 10, max: LIMITS.bodyBytes * 4 }).map((n) => JSON.stringify({ pad: "x".repeat(n) })),
);

async function expectTypedAnswer(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expect(ApiError.safeParse(await res.json()).success).toBe(true);
  else await res.arrayBuffer();
}

describe("HTTP bodies", () => {
  it.each([
    ["/api/chats", 80],
    ["/api/setup", 80],
    ["/api/console/chats/AAAAAAAAAAAAAAAAAAAAAA/accept", 60],
    ["/api/logout", 40],
  ])("POST %s answers anything with a typed answer and never 5xx", async (path, numRuns) => {
    const cookie = await loginAdmin();
    await fc.assert(
      fc.asyncProperty(bodyText, fc.constantFrom("application/json", "text/plain", ""), fc.boolean(), async (body, type, withCookie) => {
        const headers: Record<string, string> = type ? { "content-type": type } : {};
        // Logging out would end the session the other runs use; its anonymous refusals are the point.
        const useCookie = withCookie && path !== "/api/logout" ? cookie : undefined;
        await expectTypedAnswer(await request(path, { method: "POST", body, headers, ...(useCookie ? { cookie: useCookie } : {}) }));
      }),
      { numRuns },
    );
  });

  it("login answers any body with a typed answer (few runs: each costs a password hash)", async () => {
    await fc.assert(
      fc.asyncProperty(bodyText, async (body) => {
        await expectTypedAnswer(await request("/api/login", { method: "POST", body, headers: { "content-type": "application/json" } }));
      }),
      { numRuns: 25 },
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
