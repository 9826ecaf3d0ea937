import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mintChatId } from "../../worker/chat-id";
import { PASSWORD, SETUP_SECRET, postJson, request, startChat } from "./helpers";

const admin = { login: "admin", displayName: "Sam", password: PASSWORD };

async function session(cookie?: string) {
  const res = await request("/api/session", cookie ? { cookie } : {});
  return res.json<{ staff: { login: string; role: string } | null; needsSetup: boolean }>();
}

describe("first-run setup", () => {
  it("creates the first admin only with the setup secret, and only once", async () => {
    expect(await session()).toEqual({ staff: null, needsSetup: true, helplines: [], secondFactor: null });
    const wrong = await postJson("/api/setup", { ...admin, secret: "not-the-secret" });
    expect(wrong.status).toBe(403);
    expect((await session()).needsSetup).toBe(true);

    expect((await postJson("/api/setup", { ...admin, secret: SETUP_SECRET })).status).toBe(201);
    expect((await session()).needsSetup).toBe(false);
    const again = await postJson("/api/setup", { ...admin, login: "mallory", secret: SETUP_SECRET });
    expect(again.status).toBe(409);
  });

  it("refuses a short password (NIST 800-63B: at least 15 characters)", async () => {
    const res = await postJson("/api/setup", { ...admin, password: "short-pass", secret: SETUP_SECRET });
    expect(res.status).toBe(400);
  });
});

describe("login and sessions", () => {
  it("logs in with a __Host- cookie that scripts cannot read and other sites do not send", async () => {
    await postJson("/api/setup", { ...admin, secret: SETUP_SECRET });
    const res = await postJson("/api/login", { login: "ADMIN ", password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-baken-session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain("Domain");
    const pair = cookie.split(";")[0] ?? "";
    expect((await session(pair)).staff).toMatchObject({ login: "admin", role: "admin" });

    expect((await postJson("/api/logout", {}, { cookie: pair })).status).toBe(204);
    expect((await session(pair)).staff).toBeNull();
  });

  it("gives the same answer for an unknown login and a wrong password", async () => {
    await postJson("/api/setup", { ...admin, secret: SETUP_SECRET });
    const unknown = await postJson("/api/login", { login: "nobody", password: PASSWORD });
    const wrong = await postJson("/api/login", { login: "admin", password: "wrong password, long enough" });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it("keeps the console closed without a session", async () => {
    expect((await postJson(`/api/console/chats/${"a".repeat(22)}/accept`, {})).status).toBe(401);
    const res = await request("/ws/console", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(401);
    const forged = await request("/ws/console", { headers: { upgrade: "websocket" }, cookie: "__Host-baken-session=forged" });
    expect(forged.status).toBe(401);
  });

  it("does not let a client pose as staff through the internal identity header", async () => {
    const res = await request(`/ws/chat/${await mintChatId(env)}`, {
      headers: {
        upgrade: "websocket",
        "x-baken-identity": JSON.stringify({ kind: "staff", staff: { id: "x", login: "x", displayName: "x", role: "admin" } }),
      },
    });
    // The worker builds the identity itself; the forged header is dropped and the chat is unknown.
    expect(res.webSocket).not.toBeNull();
    res.webSocket?.accept();
    const closed = new Promise<number>((resolve) => res.webSocket?.addEventListener("close", (e) => resolve(e.code)));
    expect(await closed).toBe(4404);
  });

  it("streams the desk to a logged-in console", async () => {
    await postJson("/api/setup", { ...admin, secret: SETUP_SECRET });
    const login = await postJson("/api/login", { login: "admin", password: PASSWORD });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const res = await request("/ws/console", { headers: { upgrade: "websocket" }, cookie });
    const ws = res.webSocket;
    if (!ws) throw new Error("no socket");
    const frames: unknown[] = [];
    ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
    ws.accept();
    await expect.poll(() => frames.length).toBeGreaterThan(0);
    expect(frames[0]).toMatchObject({ type: "desk", queue: [], mine: [], me: { status: "available" } });
    await startChat({ inDanger: true });
    await expect.poll(() => frames.length).toBeGreaterThan(1);
    expect(frames[1]).toMatchObject({ type: "desk", queue: [{ inDanger: true, language: "nl" }] });
  });
});

describe("response headers", () => {
  it.each(["/api/session", "/api/nope", "/"])("sets the strict security headers on %s", async (path) => {
    const res = await request(path);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers errors with a typed body and no stack", async () => {
    const res = await request("/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not_found", message: "No such endpoint." });
  });
});
