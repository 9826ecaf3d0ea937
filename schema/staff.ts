/** Staff accounts as the worker and pages see them: never a password hash, never a session token. */
import * as z from "zod/mini";

export const Role = z.enum(["counsellor", "outreach", "supervisor", "coordinator", "admin"]);
export type Role = z.infer<typeof Role>;
/** Roles that take chats. Coordinators only see aggregate counts. */
export const CHAT_ROLES: readonly Role[] = ["counsellor", "outreach", "supervisor", "admin"];

/** Login names: short, lower-case, no spaces, so they are easy to type and never shown to visitors. */
export const Login = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(2),
  z.maxLength(64),
  z.regex(/^[a-z0-9._-]+$/, "letters, digits, dot, dash or underscore"),
);
/** What a visitor sees of a counsellor. */
export const DisplayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
/** NIST SP 800-63B: length, not composition. 15 characters for a password used as a single factor. */
export const Password = z.string().check(z.minLength(15), z.maxLength(256));

export const StaffMember = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: Role,
});
export type StaffMember = z.infer<typeof StaffMember>;

/** Who is on the other end of a socket, as the worker established before forwarding the upgrade to
 *  an object. Sent in an internal header the worker builds itself; clients cannot set it. */
export const SocketIdentity = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("visitor") }),
  z.object({ kind: z.literal("staff"), staff: StaffMember }),
]);
export type SocketIdentity = z.infer<typeof SocketIdentity>;
export const IDENTITY_HEADER = "x-baken-identity";
