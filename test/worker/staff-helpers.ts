/** Staff accounts of every role for tests, created the way an admin does it: through the admin API. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect, vi } from "vitest";
import { DeskSnapshot } from "../../schema/desk";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { Role } from "../../schema/staff";
import { URGENT } from "../../worker/desk-chats";
import { base32Decode, hotp } from "../../worker/totp";
import { PASSWORD, TestSocket, loginAdmin, postJson } from "./helpers";

export type Staffer = { id: string; cookie: string; login: string };

let made = 0;

/** A new account with this role, logged in, working for the given helplines (default: the first). */
export async function staffer(role: Role, displayName = `${role} ${made + 1}`, helplines?: string[]): Promise<Staffer> {
  const admin = await loginAdmin();
  const login = `${role}-${++made}`;
  const body = { login, displayName, role, password: PASSWORD, ...(helplines ? { helplines } : {}) };
  const created = await postJson("/api/admin/accounts", body, { cookie: admin });
  expect(created.status).toBe(201);
  const { id } = await created.json<{ id: string }>();
  return { id, login, cookie: await loginAs(login) };
}

/**
 * Turns a second factor on for the member signed in with this cookie; `code(n)` is the code n time
 * steps after the one its enrolment used (which is spent), so `code(1)` signs in once.
 */
export async function enrolFactor(cookie: string): Promise<{ code: (offset: number) => Promise<string> }> {
  const started = await postJson("/api/console/totp", {}, { cookie });
  expect(started.status).toBe(200);
  const { secret } = await started.json<{ secret: string }>();
  const step = Math.floor(Date.now() / 30_000);
  const code = (offset: number) => hotp(base32Decode(secret), step + offset);
  expect((await postJson("/api/console/totp/confirm", { code: await code(0) }, { cookie })).status).toBe(204);
  return { code };
}

export async function loginAs(login: string, password = PASSWORD): Promise<string> {
  const res = await postJson("/api/login", { login, password });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** A console socket on the Desk; resolves once the first snapshot arrived. */
export async function openConsole(cookie: string, path = "/ws/console"): Promise<TestSocket> {
  const socket = await TestSocket.open(path, { cookie });
  await expect.poll(() => socket.frames.length).toBeGreaterThan(0);
  return socket;
}

/** The newest desk snapshot a console socket received, checked against its schema. */
export function lastDesk(socket: TestSocket): DeskSnapshot {
  return DeskSnapshot.parse(socket.frames.at(-1));
}

/** The snapshot a console gets on connecting, then closed. */
export async function deskSnapshot(cookie: string): Promise<DeskSnapshot> {
  const socket = await openConsole(cookie);
  const desk = lastDesk(socket);
  socket.close();
  return desk;
}

/** The helpline's waiting chats in the order its Desk offers them (its own ordering, worker/desk-chats.ts). */
export function queueOrder(helpline = DEFAULT_HELPLINE): Promise<string[]> {
  return runInDurableObject(env.DESK.getByName(helpline), (_obj, state) =>
    state.storage.sql
      .exec<{ conversation_id: string }>(`SELECT conversation_id FROM chats WHERE state = 'waiting' ORDER BY ${URGENT} DESC, enqueued_at ASC`)
      .toArray()
      .map((r) => r.conversation_id),
  );
}

/** Waits until the console's newest snapshot satisfies `ok`. */
export async function deskWhere(socket: TestSocket, ok: (desk: DeskSnapshot) => boolean): Promise<DeskSnapshot> {
  await expect.poll(() => ok(lastDesk(socket))).toBe(true);
  return lastDesk(socket);
}

/**
 * workerd hashes synchronously today, so nothing else runs in the Staff object while a password is
 * hashed and a check-then-insert race stays hidden. Hashing that yields (a future runtime, a busy
 * machine) is simulated by letting every PBKDF2 derivation wait a moment; the tests and the objects
 * share one isolate. Undo with `vi.restoreAllMocks()`.
 */
export function slowHashing(): void {
  const derive = crypto.subtle.deriveBits.bind(crypto.subtle);
  vi.spyOn(crypto.subtle, "deriveBits").mockImplementation(async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return derive(...args);
  });
}
