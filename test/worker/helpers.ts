/** Drives the worker the way the pages do: HTTP through its fetch, real WebSockets, real frames. */
import { env, exports } from "cloudflare:workers";
import { beforeEach, expect } from "vitest";
import type { ServerFrame } from "../../schema/protocol";
import type { StartChallenge, StartChatResponse } from "../../schema/http";
import { CHALLENGE_REFUSALS } from "../../schema/start-challenge";
import { solve } from "../../web/visitor/proof-of-work";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { mintChatId } from "../../worker/chat-id";
import { randomToken, sha256Hex } from "../../worker/crypto";
import { nextUtcMidnight } from "../../schema/day-key";

export const ORIGIN = "https://baken.test";
export const SETUP_SECRET = "test-setup-secret-0123456789";
export const PASSWORD = "correct horse battery staple";
/** How long a test waits for a frame or a close it expects. Generous, because a wait that succeeds
 *  returns at once: only a frame that never comes costs it, and on a loaded two-core machine a frame
 *  that crosses three objects can take seconds. */
const FRAME_WAIT_MS = 10_000;

/**
 * The names of an object's own tables, leaving out workerd's `_cf_…` tables. `_` is a LIKE wildcard,
 * so it is escaped: unescaped, the pattern would also hide a table such as `xcfy_left` from the tests.
 */
export const OWN_TABLES_SQL = String.raw`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\_cf\_%' ESCAPE '\'`;

/** Headers every request from these helpers carries unless it sets its own (the canary test's markers). */
export const clientHeaders: Record<string, string> = {};

export function request(path: string, init: RequestInit & { cookie?: string; origin?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(clientHeaders)) if (!headers.has(name)) headers.set(name, value);
  const origin = init.origin === undefined ? ORIGIN : init.origin;
  if (origin !== null) headers.set("origin", origin);
  if (init.cookie) headers.set("cookie", init.cookie);
  return exports.default.fetch(new Request(ORIGIN + path, { ...init, headers }));
}

export function postJson(path: string, body: unknown, init: { cookie?: string; origin?: string | null } = {}) {
  return request(path, {
    ...init,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * For a file whose tests block or count under the day's key, which goes at midnight UTC with every row
 * made under it: a test begun in the last minute before midnight waits until just after, so that each
 * test runs within one day at any hour (a chat started at 23:59:59 and blocked a second later blocks
 * no network, as designed).
 */
export function withinOneUtcDay(margin = 60_000): void {
  beforeEach(async () => {
    const left = nextUtcMidnight(Date.now()) - Date.now();
    if (left < margin) await new Promise((resolve) => setTimeout(resolve, left + 1000));
  }, margin + 10_000);
}

let networks = 0;
/** Addresses of their own per test file (3fff::/20 is for documentation), in case files share the RateLimiter's memory. */
const fileNet = ((crypto.getRandomValues(new Uint16Array(1))[0] ?? 0) & 0xfff).toString(16);

/**
 * An address in a /48 of its own (and so its own /56 and /64): limits count every tier of an address
 * (worker/client-prefix.ts), so a file that starts hundreds of chats from /64s of one /48 would be
 * refused by that /48's allowance.
 */
export function freshNetwork(): string {
  networks++;
  return `3fff:${fileNet}:${networks.toString(16)}::1`;
}

/** POST /api/chats (or `path`, e.g. with ?helpline=) as a visitor of its own: each start comes from
 *  another network (unless a test set an address in clientHeaders), as real visitors do, so the
 *  per-client start limits never trip a test by accident. */
export function postChat(body: object = {}, path = "/api/chats"): Promise<Response> {
  return startFrom(clientHeaders["cf-connecting-ip"] ?? freshNetwork(), body, path);
}

/**
 * POST /api/chats from `address` (undefined: no address, the shared bucket), as the page does it:
 * when the worker wants work shown first, it asks for a challenge from the same address, solves it
 * with the page's own solver and tries once more. Tests of the challenge itself post by hand.
 */
export async function startFrom(address: string | undefined, body: object = {}, path = "/api/chats"): Promise<Response> {
  const post = (path: string, body: object) =>
    request(path, { method: "POST", headers: { "content-type": "application/json", ...(address ? { "cf-connecting-ip": address } : {}) }, body: JSON.stringify(body) });
  const first = await post(path, body);
  const refusal = first.status === 403 ? await first.clone().json<{ error: string }>() : null;
  if (!refusal || !(CHALLENGE_REFUSALS as readonly string[]).includes(refusal.error)) return first;
  // Asking is rate-limited too: a refusal there (429) is the start's answer, as the page shows it.
  const asked = await post("/api/chats/challenge", {});
  if (!asked.ok) return asked;
  const { challenge, bits } = await asked.json<StartChallenge>();
  return post(path, { ...body, proof: { challenge, counter: await solve(challenge, bits) } });
}

/**
 * Starts a chat (see postChat) the way the page does: its visitor says hello once, which puts the
 * chat in the queue, and leaves (the grace period runs). Tests of a start nobody follows use postChat.
 */
export async function startChat(body: object = {}): Promise<StartChatResponse> {
  const res = await postChat(body);
  expect(res.status).toBe(201);
  const chat = await res.json<StartChatResponse>();
  await arrive(chat);
  return chat;
}

/**
 * A chat opened in its own object and queued by its visitor's hello, as the start flow ends, without
 * the edge's start checks before it: for tests of something other than starting. Those checks count
 * across a whole file (the helpline's starts per minute, the network tiers), so a file that starts
 * hundreds of chats through them passes or fails by how fast the machine runs it.
 */
export async function openChat(helpline = DEFAULT_HELPLINE): Promise<StartChatResponse> {
  const conversationId = await mintChatId(env);
  const token = randomToken(256);
  const arrival = { conversationId, inDanger: null, language: "nl" as const };
  await env.CONVERSATION.getByName(conversationId).open({ conversationId, helpline, tokenHash: await sha256Hex(token), arrival });
  const chat = { conversationId, token };
  await arrive(chat);
  return chat;
}

/** The chat's visitor says hello once, which puts the chat in the queue, and leaves. */
export async function arrive(chat: StartChatResponse): Promise<void> {
  (await connectVisitor(chat)).close();
}

type Frame<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;

/** A client socket that records every frame and lets a test wait for the next one of a kind. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  private readonly consumed = new Set<number>();
  closed: { code: number; reason: string } | null = null;
  private wake: () => void = () => {};

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      this.frames.push(JSON.parse(String(e.data)) as ServerFrame);
      this.wake();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    });
  }

  /** Opens a socket from an address of its own (unless a test set one in clientHeaders), as sockets of
   *  real visitors come, so the per-client limit on sockets never trips a test by accident. */
  static async open(path: string, init: { cookie?: string; origin?: string | null } = {}): Promise<TestSocket> {
    const address = clientHeaders["cf-connecting-ip"] ?? freshNetwork();
    const res = await request(path, { ...init, headers: { upgrade: "websocket", "cf-connecting-ip": address } });
    if (!res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    return new TestSocket(res.webSocket);
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | ArrayBuffer): void {
    this.ws.send(data);
  }

  /** The next frame of this type not yet returned, waiting for it if need be. */
  async next<T extends ServerFrame["type"]>(type: T, timeoutMs = FRAME_WAIT_MS): Promise<Frame<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((f, i) => !this.consumed.has(i) && f.type === type);
      if (index >= 0) {
        this.consumed.add(index);
        return this.frames[index] as Frame<T>;
      }
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${type}`);
      await this.waitForActivity(deadline, type);
    }
  }

  /** All frames of a type received so far. */
  all<T extends ServerFrame["type"]>(type: T): Frame<T>[] {
    return this.frames.filter((f): f is Frame<T> => f.type === type);
  }

  async closedWith(timeoutMs = FRAME_WAIT_MS): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) await this.waitForActivity(deadline, "close");
    return this.closed;
  }

  close(): void {
    this.ws.close(1000, "test done");
  }

  private waitForActivity(deadline: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(0, deadline - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** A visitor who started a chat and said hello. */
export async function connectVisitor(chat: StartChatResponse, since = 0): Promise<TestSocket> {
  const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
  socket.send({ type: "hello", token: chat.token, since });
  await socket.next("welcome");
  return socket;
}

let accounts = 0;

/** Runs first-run setup (once per test file's storage) and logs in; returns the session cookie. */
export async function loginAdmin(): Promise<string> {
  if (accounts === 0) {
    const res = await postJson("/api/setup", { secret: SETUP_SECRET, login: "admin", displayName: "Sam", password: PASSWORD });
    expect([201, 409]).toContain(res.status);
    accounts = 1;
  }
  const res = await postJson("/api/login", { login: "admin", password: PASSWORD });
  expect(res.status).toBe(200);
  const cookie = res.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0] ?? "";
}

/** A counsellor who accepted the chat and said hello on its socket. */
export async function connectCounsellor(cookie: string, conversationId: string, since = 0): Promise<TestSocket> {
  const socket = await TestSocket.open(`/ws/console/chat/${conversationId}`, { cookie });
  socket.send({ type: "hello", since });
  await socket.next("welcome");
  return socket;
}

export async function accept(cookie: string, conversationId: string): Promise<Response> {
  return postJson(`/api/console/chats/${conversationId}/accept`, {}, { cookie });
}

/** A chat under way: started, its visitor said hello, the admin accepted it and said hello as counsellor. */
export async function chatUnderWay(): Promise<{ cookie: string; chat: StartChatResponse; visitor: TestSocket; counsellor: TestSocket }> {
  const cookie = await loginAdmin();
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  await accept(cookie, chat.conversationId);
  const counsellor = await connectCounsellor(cookie, chat.conversationId);
  return { cookie, chat, visitor, counsellor };
}
