/** Bodies of the admin routes (accounts and the audit trail). */
import * as z from "zod/mini";
import { HelplineId } from "./helpline";
import { DisplayName, Login, Password, Role, StaffMember } from "./staff";

export const Account = z.extend(StaffMember, {
  disabled: z.boolean(),
  totp: z.boolean(),
  createdAt: z.number(),
});
export type Account = z.infer<typeof Account>;

/** A member's helplines: at least one, each at most once. */
export const Memberships = z.array(HelplineId).check(
  z.minLength(1),
  z.maxLength(50),
  z.refine((ids) => new Set(ids).size === ids.length, "each helpline once"),
);

export const CreateAccountBody = z.strictObject({
  login: Login,
  displayName: DisplayName,
  role: Role,
  password: Password,
  /** Unset: the helpline the admin is working in (`?helpline=`, or their first). */
  helplines: z.optional(Memberships),
});
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const MembershipsBody = z.strictObject({ helplines: Memberships });
export type MembershipsBody = z.infer<typeof MembershipsBody>;

/** A reset sets a new password chosen by the admin and removes the second factor. */
export const ResetAccountBody = z.strictObject({ password: Password });
export type ResetAccountBody = z.infer<typeof ResetAccountBody>;

/** For each role, whether a helpline requires its members to have a second factor. */
export const FactorRoles = z.record(Role, z.boolean());
export type FactorRoles = z.infer<typeof FactorRoles>;

export const FactorRolesBody = z.strictObject({ roles: FactorRoles });
export type FactorRolesBody = z.infer<typeof FactorRolesBody>;

/**
 * What a member did to or with their own account, or an admin to an account: recorded without a
 * helpline, since an account is not one helpline's. An admin sees such an entry when the member and
 * the account it was about are both of their helplines.
 */
export const AccountAction = z.enum([
  "setup",
  "login",
  "login_failed",
  "logout",
  "totp_enabled",
  "account_created",
  "account_disabled",
  "account_enabled",
  "account_reset",
  "account_helplines",
]);
export type AccountAction = z.infer<typeof AccountAction>;

/** What a member did in one helpline: recorded with that helpline, and shown only to its admins. */
export const HelplineAction = z.enum([
  "accept",
  "transfer",
  "end",
  "observe",
  "status",
  "settings_changed",
  "time_zone_changed",
  "dashboard_viewed",
  "escalate",
  "join",
  // A visitor blocked, a block lifted: the helpline only, never the chat or the network.
  "visitor_blocked",
  "block_lifted",
  /** A counsellor asked supervisors for a debrief; no chat, no text. */
  "debrief_requested",
  "handoff_proposed",
  "handoff_agreed",
  "handoff_looked_up",
]);
export type HelplineAction = z.infer<typeof HelplineAction>;

export const AuditAction = z.enum([...AccountAction.options, ...HelplineAction.options]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Audit entries older than this are deleted by the Staff object's daily alarm. */
export const AUDIT_RETENTION_DAYS = 365;

/** One line of the audit trail: who, what, when, in which helpline, and at most a staff id; never content. */
export const AuditEntry = z.object({
  at: z.number(),
  staffId: z.string(),
  action: AuditAction,
  target: z.nullable(z.string()),
  /** The helpline a HelplineAction happened in; null for an AccountAction. */
  helpline: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
