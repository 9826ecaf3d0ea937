/**
 * Safeguarding: the visitor's silent "someone is watching" signal, a counsellor's escalation to the
 * supervisors on shift, and the supervisors' alerts (escalations and urgent chats left waiting).
 * Categories only: nothing here carries text, and Stats counts them per category.
 */
import * as z from "zod/mini";

/** Why a counsellor escalates: a category to pick, so no free text is ever needed or stored. */
export const EscalationReason = z.enum([
  "immediate_danger",
  "disclosure_of_abuse",
  "suicide_or_self_harm",
  "out_of_my_depth",
  "other",
]);
export type EscalationReason = z.infer<typeof EscalationReason>;

export const EscalateBody = z.strictObject({ reason: EscalationReason });
export type EscalateBody = z.infer<typeof EscalateBody>;

/** What a supervisor's console is alerted to; `at` is when the escalation or the wait alert began. */
export const SupervisorAlert = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("escalated"), conversationId: z.string(), reason: EscalationReason, counsellor: z.string(), at: z.number() }),
  z.object({ kind: z.literal("urgent_wait"), conversationId: z.string(), at: z.number() }),
]);
export type SupervisorAlert = z.infer<typeof SupervisorAlert>;

/** The code words a helpline starts with: ordinary words in a chat, unlikely to be typed by accident. */
export const DEFAULT_WATCH_WORDS = { nl: "paraplu", en: "umbrella" } as const;

/** How long an urgent chat may wait before the supervisors on shift are alerted, by default. */
export const DEFAULT_URGENT_WAIT_ALERT_MINUTES = 3;
