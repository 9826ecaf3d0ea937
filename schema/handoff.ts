/**
 * Warm handoff to a care partner: the partners an admin configures, the frames of the visitor's
 * consent, and the record a partner can look up. What a handoff hands over is exactly what
 * `HandoffRecord` holds (schema/inventory.ts lists it); nothing else of the chat leaves.
 */
import * as z from "zod/mini";
import { HANDOFF_CODE_CHARS, HANDOFF_SUMMARY_CHARS } from "./handoff-text";

/** A partner's id: stable, so counts per partner survive a change of name. */
export const PartnerId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "lower-case letters, digits and -"));

const named = z.string().check(z.trim(), z.minLength(1, "a name is needed"), z.maxLength(120));
const described = z.string().check(z.trim(), z.minLength(1, "say in a line what they do"), z.maxLength(300));
/** Empty when the partner has none: the form's fields stay plain text. */
const Phone = z.string().check(z.trim(), z.maxLength(40), z.regex(/^(\+?\d[\d\s-]*)?$/, "a phone number such as 0800-0188"));
const Web = z.string().check(z.trim(), z.maxLength(200), z.regex(/^(https:\/\/[^\s"<>]+)?$/, "a web address starting with https://"));

/** An organisation a chat can be handed to, e.g. a Centrum Seksueel Geweld or Veilig Thuis. */
export const CarePartner = z
  .object({
    id: PartnerId,
    name: z.object({ nl: named, en: named }),
    does: z.object({ nl: described, en: described }),
    phone: Phone,
    web: Web,
  })
  .check(z.refine((p) => p.phone !== "" || p.web !== "", { message: "a phone number or a web address is needed", path: ["phone"] }));
export type CarePartner = z.infer<typeof CarePartner>;

export const CarePartners = z
  .array(CarePartner)
  .check(z.maxLength(20), z.refine((list) => new Set(list.map((p) => p.id)).size === list.length, "each partner id once"));

const Summary = z.string().check(z.trim(), z.minLength(1), z.maxLength(HANDOFF_SUMMARY_CHARS));
const ProposalId = z.string().check(z.minLength(1), z.maxLength(64));

// ---- chat frames (schema/protocol.ts adds them to its unions) ----

/** The counsellor proposes a handoff; it replaces any proposal still open, which then needs a new answer. */
export const HandoffProposeIn = z.strictObject({ type: z.literal("handoff_propose"), partner: PartnerId, summary: Summary });
/** The visitor's answer to one proposal, with the version of the consent text the page showed. */
export const HandoffAnswerIn = z.strictObject({
  type: z.literal("handoff_answer"),
  proposal: ProposalId,
  agree: z.boolean(),
  version: z.string().check(z.maxLength(32)),
});
export type HandoffProposeIn = z.infer<typeof HandoffProposeIn>;
export type HandoffAnswerIn = z.infer<typeof HandoffAnswerIn>;

/** What the visitor is asked, to both parties: the exact summary and who would get it. */
export const HandoffProposalOut = z.object({
  type: z.literal("handoff_proposal"),
  proposal: z.string(),
  partner: z.object({ id: z.string(), name: z.object({ nl: z.string(), en: z.string() }), does: z.object({ nl: z.string(), en: z.string() }) }),
  summary: z.string(),
});
export type HandoffProposalOut = z.infer<typeof HandoffProposalOut>;
/** The visitor said no (or the proposal went stale): nothing was handed over. */
export const HandoffDeclinedOut = z.object({ type: z.literal("handoff_declined"), proposal: z.string() });
/** The visitor agreed: the partner's contact and the code, which the page shows and never stores. */
export const HandoffMadeOut = z.object({
  type: z.literal("handoff_made"),
  partner: z.object({ id: z.string(), name: z.object({ nl: z.string(), en: z.string() }), phone: z.string(), web: z.string() }),
  summary: z.string(),
  code: z.string(),
  until: z.number(),
});
export type HandoffMadeOut = z.infer<typeof HandoffMadeOut>;

// ---- HTTP bodies ----

/** A handoff code as people say it on the phone: any case, with or without the dash. */
export const HandoffCodeBody = z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(HANDOFF_CODE_CHARS * 2)) });
export type HandoffCodeBody = z.infer<typeof HandoffCodeBody>;

/** What a lookup by code shows staff: exactly what the visitor agreed to hand over. */
export const HandoffRecord = z.object({
  partner: z.object({ id: z.string(), name: z.nullable(z.string()) }),
  summary: z.string(),
  consentedAt: z.number(),
  textVersion: z.string(),
  expiresAt: z.number(),
});
export type HandoffRecord = z.infer<typeof HandoffRecord>;
