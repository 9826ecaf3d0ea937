/**
 * Staff sockets live no longer than the session they were opened with: a logout closes that session's
 * console and chat sockets (and only those), and the absolute session expiry closes them too.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../schema/admin";
import { CloseCode } from "../../schema/protocol";
import { SESSION_ABSOLUTE_MS } from "../../worker/staff";
import { TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { loginAs, openConsole, staffer } from "./staff-helpers";

async function tokenHash(cookie: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(cookie.split("=")[1] ?? ""));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Makes a session look as if it started long enough ago that it ends in `msLeft`. */
async function endsIn(cookie: string, msLeft: number): Promise<void> {
  const hash = await tokenHash(cookie);
  await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
    state.storage.sql.exec("UPDATE sessions SET created_at = ? WHERE token_hash = ?", Date.now() - SESSION_ABSOLUTE_MS + msLeft, hash);
  });
}

async function observe(cookie: string, conversationId: string): Promise<TestSocket> {
  const socket = await TestSocket.open(`/ws/console/observe/${conversationId}`, { cookie });
  socket.send({ type: "hello", since: 0 });
  await socket.next("welcome");
  return socket;
}

describe("logout", () => {
  it("closes the console, chat and observer sockets opened with that session, and no others", async () => {
    const s = await staffer("supervisor");
    const otherSession = await loginAs(s.login);
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(s.cookie, chat.conversationId)).status).toBe(204);
    const waiting = await startChat();

    const deskSocket = await openConsole(s.cookie);
    const chatSocket = await connectCounsellor(s.cookie, chat.conversationId);
    const observer = await observe(s.cookie, waiting.conversationId);
    const keptDesk = await openConsole(otherSession);
    const keptChat = await connectCounsellor(otherSession, chat.conversationId);

    expect((await postJson("/api/logout", {}, { cookie: s.cookie })).status).toBe(204);
    for (const socket of [deskSocket, chatSocket, observer]) expect((await socket.closedWith()).code).toBe(CloseCode.unauthorized);
    expect(keptDesk.closed).toBeNull();
    expect(keptChat.closed).toBeNull();
    expect(visitor.closed).toBeNull();
    // The other session still works, and its chat socket still carries messages.
    expect((await (await request("/api/session", { cookie: otherSession })).json<{ staff: unknown }>()).staff).not.toBeNull();
    visitor.send({ type: "send", cid: "after-logout", text: "nog daar?" });
    expect((await keptChat.next("msg")).text).toBe("nog daar?");
  });
});

describe("absolute session expiry", () => {
  it("closes console, chat and observer sockets when the session they were opened with ends", async () => {
    const s = await staffer("supervisor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(s.cookie, chat.conversationId)).status).toBe(204);
    const waiting = await startChat();
    const fresh = await staffer("counsellor");
    const freshDesk = await openConsole(fresh.cookie);

    await endsIn(s.cookie, 1500);
    const deskSocket = await openConsole(s.cookie);
    const chatSocket = await connectCounsellor(s.cookie, chat.conversationId);
    const observer = await observe(s.cookie, waiting.conversationId);
    // Still open while the session lasts...
    expect([deskSocket.closed, chatSocket.closed, observer.closed]).toEqual([null, null, null]);
    // ...and closed by the objects' alarms once it has ended, with no request from anyone.
    for (const socket of [deskSocket, chatSocket, observer]) {
      expect((await socket.closedWith(6000)).code).toBe(CloseCode.unauthorized);
    }
    expect(visitor.closed).toBeNull();
    expect(freshDesk.closed).toBeNull();
  });
});

describe("observing", () => {
  const observeEntries = async (admin: string, staffId: string) =>
    (await (await request("/api/admin/audit", { cookie: admin })).json<AuditEntry[]>()).filter(
      (e) => e.staffId === staffId && e.action === "observe",
    ).length;

  it("is audited only when the observing socket opens, and only for an open chat", async () => {
    const admin = await loginAdmin();
    const s = await staffer("supervisor");
    const chat = await startChat();
    expect((await request(`/ws/console/observe/${"A".repeat(22)}`, { cookie: s.cookie, headers: { upgrade: "websocket" } })).status).toBe(404);
    expect((await request(`/ws/console/observe/${chat.conversationId}`, { cookie: s.cookie })).status).toBe(426);
    expect(await observeEntries(admin, s.id)).toBe(0);
    await observe(s.cookie, chat.conversationId);
    expect(await observeEntries(admin, s.id)).toBe(1);
  });

  it("of a waiting chat ends when the supervisor's account is disabled", async () => {
    const admin = await loginAdmin();
    const s = await staffer("supervisor");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    const observer = await observe(s.cookie, chat.conversationId);
    expect((await postJson(`/api/admin/accounts/${s.id}/disable`, {}, { cookie: admin })).status).toBe(204);
    expect((await observer.closedWith()).code).toBe(CloseCode.unauthorized);
    expect(visitor.closed).toBeNull();
  });
});
