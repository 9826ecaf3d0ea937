/**
 * Chat ids carry a MAC under the Worker's key (worker/chat-id.ts), so an id nobody was given is refused
 * before any object is called: a flood of upgrades to made-up ids once left an object, its memory and
 * its files on disk behind for each.
 */
import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { isChatId, mintChatId } from "../../worker/chat-id";
import { randomToken } from "../../worker/crypto";
import { loginAdmin, request, startChat } from "./helpers";

/** Every route that takes a chat id, with a body it would accept: visitor and console, HTTP and sockets. */
const ROUTES: { method: "GET" | "POST"; path: (id: string) => string; body?: object; staff?: true; socket?: true }[] = [
  { method: "GET", path: (id) => `/ws/chat/${id}`, socket: true },
  { method: "POST", path: (id) => `/api/chats/${id}/exit`, body: { token: randomToken(256) } },
  { method: "POST", path: (id) => `/api/chats/${id}/keep`, body: { token: randomToken(256), version: CONSENT_TEXT_VERSION } },
  { method: "POST", path: (id) => `/api/chats/${id}/withdraw`, body: { token: randomToken(256) } },
  { method: "GET", path: (id) => `/ws/console/chat/${id}`, staff: true, socket: true },
  { method: "GET", path: (id) => `/ws/console/observe/${id}`, staff: true, socket: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/accept`, body: {}, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/transfer`, body: { to: "someone", note: "" }, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/end`, body: { topic: "other", outcome: "no_contact" }, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/details`, body: { ageBand: null, gender: null, region: null }, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/escalate`, body: { reason: "other" }, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/join`, body: {}, staff: true },
  { method: "POST", path: (id) => `/api/console/chats/${id}/block`, body: { minutes: 60 }, staff: true },
];

/** Ids this deployment never minted: one of the length ids once had, one of today's length with a
 *  MAC made up, and a real id with one character of its MAC changed. */
async function forgedIds(): Promise<string[]> {
  const real = await mintChatId(env);
  const last = real.at(-1) === "A" ? "B" : "A";
  return [randomToken(128), randomToken(128) + randomToken(128), real.slice(0, -1) + last];
}

/** The names of the Conversation objects that exist: an object's SQLite file, listed by the runtime. */
async function conversationsOnDisk(): Promise<Set<string>> {
  return new Set((await listDurableObjectIds(env.CONVERSATION)).map((id) => id.toString()));
}

describe("chat ids", () => {
  it("are minted with a MAC the Worker checks, and fail the check when made up or altered", async () => {
    const id = await mintChatId(env);
    expect(id).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(await isChatId(env, id)).toBe(true);
    for (const forged of await forgedIds()) expect(await isChatId(env, forged)).toBe(false);
    // A chat started through the edge gets such an id too.
    expect(await isChatId(env, (await startChat()).conversationId)).toBe(true);
  });

  it("refuses a made-up id with a typed 404 on every route that takes one, and no object is ever created for it", async () => {
    const cookie = await loginAdmin();
    // The control: a chat that does exist is on disk, so the listing below can see one.
    const real = await startChat();
    expect(await conversationsOnDisk()).toContain(env.CONVERSATION.idFromName(real.conversationId).toString());

    const forged = await forgedIds();
    for (const id of forged) {
      for (const route of ROUTES) {
        const headers: Record<string, string> = route.socket ? { upgrade: "websocket" } : { "content-type": "application/json" };
        const res = await request(route.path(id), {
          method: route.method,
          headers,
          ...(route.staff ? { cookie } : {}),
          ...(route.body ? { body: JSON.stringify(route.body) } : {}),
        });
        expect(`${route.method} ${route.path("…")}: ${res.status}`).toBe(`${route.method} ${route.path("…")}: 404`);
        expect(res.webSocket).toBeNull();
        expect((await res.json<ApiError>()).error).toBe("not_found");
      }
    }
    const onDisk = await conversationsOnDisk();
    for (const id of forged) expect(onDisk).not.toContain(env.CONVERSATION.idFromName(id).toString());
  });
});
