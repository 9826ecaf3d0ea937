/** Bodies of the counsellor console's HTTP actions. */
import * as z from "zod/mini";
import { StaffStatus } from "./desk";
import { LIMITS } from "./limits";

export const StatusBody = z.strictObject({ status: StaffStatus, capacity: z.int().check(z.gte(1), z.lte(10)) });
export type StatusBody = z.infer<typeof StatusBody>;

export const TransferBody = z.strictObject({
  to: z.string().check(z.minLength(1), z.maxLength(64)),
  note: z.string().check(z.trim(), z.maxLength(LIMITS.noteChars)),
});
export type TransferBody = z.infer<typeof TransferBody>;

export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
/**
 * `current` proves the account when a second factor is already on and is being replaced: the code
 * from the factor in use (6 digits) or the account's password (at least 15 characters, so never
 * mistaken for a code).
 */
export const TotpConfirmBody = z.strictObject({
  code: z.string().check(z.regex(/^\d{6}$/)),
  current: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});
