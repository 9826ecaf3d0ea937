/** Staff accounts as the worker and pages see them: never a password hash, never a session token. */
import * as z from "zod/mini";
import { HelplineId } from "./helpline";
import { PASSWORD_MIN_CHARS, isCommonPassword } from "./passwords";

export const Role = z.enum(["counsellor", "outreach", "supervisor", "coordinator", "admin"]);
export type Role = z.infer<typeof Role>;
/** Roles that take chats. Coordinators only see aggregate counts. */
export const CHAT_ROLES: readonly Role[] = ["counsellor", "outreach", "supervisor", "admin"];
/** Roles that answer chats started through an outreach link: the outreach team's queue. */
export const OUTREACH_TEAM: readonly Role[] = ["outreach", "supervisor", "admin"];
/** Roles that may observe a chat silently. */
export const OBSERVER_ROLES: readonly Role[] = ["supervisor", "admin"];
export const ALL_ROLES: readonly Role[] = Role.options;

/**
 * Where a signed-in member stands with a second factor: `required` means their role needs one at one
 * of their helplines and they have none yet, so the session may only set one up (or log out).
 */
export const SecondFactorState = z.enum(["on", "off", "required"]);
export type SecondFactorState = z.infer<typeof SecondFactorState>;

/** Login names: lower-case, no spaces, never shown to visitors. An e-mail address is allowed, because
 *  with single sign-on (Cloudflare Access) the login is the address the identity provider vouches for. */
export const Login = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(2),
  z.maxLength(254),
  z.regex(/^[a-z0-9._+@-]+$/, "letters, digits, and . _ + @ -"),
);
/** What a visitor sees of a counsellor. */
export const DisplayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
/** NIST SP 800-63B: length, not composition, and not a known common password. */
export const Password = z.string().check(
  z.minLength(PASSWORD_MIN_CHARS),
  z.maxLength(256),
  z.refine((p) => !isCommonPassword(p), "This password is too common."),
);

export const StaffMember = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: Role,
  /** The helplines whose queues, counts and settings this member may see. */
  helplines: z.array(HelplineId),
});
export type StaffMember = z.infer<typeof StaffMember>;

/**
 * The session a staff socket was opened with: its id (the session's token hash; empty behind single
 * sign-on, where the identity provider owns sessions) so a logout can close its sockets, and when the
 * session ends in any case, so the object holding the socket can close it then.
 */
export const SocketSession = z.object({ id: z.string(), expiresAt: z.number() });
export type SocketSession = z.infer<typeof SocketSession>;

/** Who is on the other end of a socket, as the worker established before forwarding the upgrade to
 *  an object. Sent in an internal header the worker builds itself; clients cannot set it. */
export const SocketIdentity = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("visitor") }),
  z.object({ kind: z.literal("staff"), staff: StaffMember, session: SocketSession }),
  /** A supervisor watching a chat silently: read-only, and the visitor is not told. */
  z.object({ kind: z.literal("observer"), staff: StaffMember, session: SocketSession }),
]);
export type SocketIdentity = z.infer<typeof SocketIdentity>;
export const IDENTITY_HEADER = "x-baken-identity";

/** Sockets of one staff member carry this tag in every object, so disabling an account finds them. */
export function staffTag(staffId: string): string {
  return `staff:${staffId}`;
}

/** Tags for a staff socket: its account's, and its session's when there is one of ours. */
export function staffSocketTags(staffId: string, session: SocketSession): string[] {
  return session.id ? [staffTag(staffId), sessionTag(session.id)] : [staffTag(staffId)];
}

/** Sockets opened with one session carry this tag, so a logout closes exactly those. */
export function sessionTag(sessionId: string): string {
  return `session:${sessionId}`;
}
