/** Bodies of the admin routes (accounts and the audit trail). */
import * as z from "zod/mini";
import { DisplayName, Login, Password, Role, StaffMember } from "./staff";

export const Account = z.extend(StaffMember, {
  disabled: z.boolean(),
  totp: z.boolean(),
  createdAt: z.number(),
});
export type Account = z.infer<typeof Account>;

export const CreateAccountBody = z.strictObject({ login: Login, displayName: DisplayName, role: Role, password: Password });
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

/** A reset sets a new password chosen by the admin and removes the second factor. */
export const ResetAccountBody = z.strictObject({ password: Password });
export type ResetAccountBody = z.infer<typeof ResetAccountBody>;

export const AuditAction = z.enum([
  "setup",
  "login",
  "login_failed",
  "logout",
  "accept",
  "transfer",
  "end",
  "observe",
  "status",
  "totp_enabled",
  "account_created",
  "account_disabled",
  "account_enabled",
  "account_reset",
  "settings_changed",
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Audit entries older than this are deleted by the Staff object's daily alarm. */
export const AUDIT_RETENTION_DAYS = 365;

/** One line of the audit trail: who, what, when, and at most a staff id; never content. */
export const AuditEntry = z.object({
  at: z.number(),
  staffId: z.string(),
  action: AuditAction,
  target: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
