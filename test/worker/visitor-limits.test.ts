/**
 * What a visitor may do without an account is limited per client network: asking for the start's
 * challenge (once, 20,000 were served in 47 s) and opening a chat socket (each one costs the chat's
 * object memory until it closes). Other networks are not held back.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { config } from "../../worker/config";
import { WINDOW_MS, attemptsPerWindow } from "../../worker/rate-limiter";
import { openChat, request } from "./helpers";

/** A /64 of this file's own (a random third group), so no other file's attempts count here. */
const net = (crypto.getRandomValues(new Uint16Array(1))[0] ?? 0).toString(16);
let networks = 0;
const freshNetwork = () => `2001:db8:${net}:${(++networks).toString(16)}::1`;

/**
 * Runs `attempts` against a fresh network: it counts `max` allowed, then one more refused. Counts live in
 * fixed windows, so a run that crossed into the next window counts from zero there and proves nothing:
 * it is run again, from another network, wholly inside the new window.
 */
async function exhaust(max: number, attempt: (from: string) => Promise<Response>): Promise<Response> {
  for (;;) {
    const window = Math.floor(Date.now() / WINDOW_MS);
    const from = freshNetwork();
    const statuses: number[] = [];
    for (let i = 0; i < max; i++) statuses.push((await attempt(from)).status);
    const refused = await attempt(from);
    if (Math.floor(Date.now() / WINDOW_MS) !== window) continue;
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    return refused;
  }
}

async function expectLimited(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  expect((await res.json<ApiError>()).error).toBe("rate_limited");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
}

const askChallenge = (from: string) =>
  request("/api/chats/challenge", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": from }, body: "{}" });

describe("asking for the start's challenge", () => {
  it("is refused with 429 and Retry-After past the client's limit, while another network still gets one", async () => {
    const max = attemptsPerWindow(config(env)).challenge;
    await expectLimited(await exhaust(max, askChallenge));
    expect((await askChallenge(freshNetwork())).status).toBe(200);
  });
});

describe("opening a visitor's chat socket", () => {
  it("is refused with 429 and Retry-After past the client's limit, while another network still opens one", async () => {
    const chat = await openChat();
    const open = async (from: string) => {
      const res = await request(`/ws/chat/${chat.conversationId}`, { headers: { upgrade: "websocket", "cf-connecting-ip": from } });
      res.webSocket?.accept();
      res.webSocket?.close();
      return res;
    };
    const max = attemptsPerWindow(config(env)).visitorSocket;
    const refused = await exhaust(max, open);
    expect(refused.webSocket).toBeNull();
    await expectLimited(refused);
    const elsewhere = await open(freshNetwork());
    expect(elsewhere.status).toBe(101);
  });
});
