/**
 * Staff sessions in the worker: the cookie, and the middleware that turns it into a staff member.
 * The token lives only in an HttpOnly cookie; the Staff object stores only its hash.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Role, SecondFactorState, SocketSession, StaffMember } from "../schema/staff";
import { ACCESS_HEADER, accessEmail, accessSettings } from "./access";
import { config } from "./config";
import { sha256Hex } from "./crypto";
import { type AppEnv, fail } from "./http";
import { logEvent } from "./log";
import { SESSION_ABSOLUTE_MS } from "./staff";

export const SESSION_COOKIE = "__Host-baken-session";

export type StaffEnv = AppEnv & { Variables: { staff: StaffMember; session: SocketSession } };

export function staffObject(env: Env) {
  return env.STAFF.getByName("staff");
}

export function startSession<E extends AppEnv>(c: Context<E>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function endSession<E extends AppEnv>(c: Context<E>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}

/**
 * The member signed in: who, their session, and where they stand with our second factor (null behind
 * single sign-on, where the identity provider decides what a sign-in needs).
 */
export type SignedIn = { staff: StaffMember; session: SocketSession; secondFactor: SecondFactorState | null };

/** The staff member of this request, or null. Behind Cloudflare Access only its signed JWT counts. */
export async function currentStaff<E extends AppEnv>(c: Context<E>): Promise<SignedIn | null> {
  const access = accessSettings(config(c.env));
  if (access) {
    const email = await accessEmail(c.req.header(ACCESS_HEADER), access.teamDomain, access.audience);
    const staff = email ? await staffObject(c.env).byLogin(email) : null;
    // No session of ours exists: Access owns sign-in and sign-out. A socket opened now still ends
    // after our own absolute session length, so it cannot outlive every sign-in.
    return staff ? { staff, session: { id: "", expiresAt: Date.now() + SESSION_ABSOLUTE_MS }, secondFactor: null } : null;
  }
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 128) return null;
  const sessionHash = await sha256Hex(token);
  const found = await staffObject(c.env).session(sessionHash);
  return found ? { staff: found.staff, session: { id: sessionHash, expiresAt: found.expiresAt }, secondFactor: found.secondFactor } : null;
}

/**
 * Lets the request through only for a logged-in staff member with one of the given roles, who has the
 * second factor their role requires.
 */
export function requireStaff(...roles: Role[]): MiddlewareHandler<StaffEnv> {
  return signedIn(roles, false);
}

/** As requireStaff, but also for a member who must still set up a second factor: for setting it up. */
export function requireStaffEnrolling(...roles: Role[]): MiddlewareHandler<StaffEnv> {
  return signedIn(roles, true);
}

function signedIn(roles: readonly Role[], enrolling: boolean): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const found = await currentStaff(c);
    if (!found) {
      // Unknown, expired, logged-out or replayed session tokens all end here.
      logEvent("session.refused");
      fail(401, "unauthorized", "Please log in.");
    }
    if (!roles.includes(found.staff.role)) {
      logEvent("session.refused_role");
      fail(403, "forbidden", "Your role does not allow this.");
    }
    if (found.secondFactor === "required" && !enrolling) {
      logEvent("session.refused_second_factor");
      fail(403, "second_factor_required", "Your role needs a second factor: set one up in the console before you go on.");
    }
    c.set("staff", found.staff);
    c.set("session", found.session);
    await next();
  };
}
