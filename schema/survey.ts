/**
 * The anonymous survey after a chat. The page spends a single-use ticket the Conversation handed its
 * visitor socket in the `ended` frame; the ticket is random, not the chat's id or token, and the
 * answers reach Stats as counts only.
 */
import * as z from "zod/mini";

export const Helped = z.enum(["yes", "a_bit", "no"]);
export type Helped = z.infer<typeof Helped>;
export const ComeBack = z.enum(["yes", "maybe", "no"]);
export type ComeBack = z.infer<typeof ComeBack>;

/** A survey ticket: 128 random bits, base64url. */
export const SURVEY_TICKET = /^[A-Za-z0-9_-]{22}$/;

export const SurveyBody = z
  .strictObject({
    ticket: z.string().check(z.regex(SURVEY_TICKET)),
    helped: z.optional(Helped),
    again: z.optional(ComeBack),
  })
  .check(z.refine((b) => b.helped !== undefined || b.again !== undefined, "answer at least one question"));
export type SurveyBody = z.infer<typeof SurveyBody>;
