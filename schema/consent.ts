/**
 * Keeping a conversation: the visitor's consent, the resume code that brings them back, and deleting
 * it. Every body below travels over HTTP; the visitor's token proves they own the chat.
 */
import * as z from "zod/mini";
import { Language } from "./language";
import { LIMITS } from "./limits";
import { LeaveReason } from "./protocol";

const token = z.string().check(z.minLength(1), z.maxLength(LIMITS.tokenChars));
/** Loose on purpose: the worker normalizes (case, dashes, O/0) and then checks the exact format. */
const code = z.string().check(z.minLength(1), z.maxLength(40));

/** What the pages tell the visitor: how long a kept chat lives, which consent text version is current,
 *  and how long an unkept chat waits for a vanished visitor before it is erased. */
export const KeepTerms = z.object({ retentionDays: z.int(), version: z.string(), graceMinutes: z.int() });
export type KeepTerms = z.infer<typeof KeepTerms>;

export const ConsentBody = z.strictObject({
  token,
  /** The version of the consent text the page showed (CONSENT_TEXT_VERSION). */
  version: z.string().check(z.minLength(1), z.maxLength(32)),
});
export type ConsentBody = z.infer<typeof ConsentBody>;

export const ConsentResponse = z.object({
  /** Shown once; the server keeps only its hash. */
  code: z.string(),
  /** Epoch milliseconds when the transcript is deleted unless the visitor deletes it sooner. */
  keptUntil: z.number(),
  retentionDays: z.int(),
});
export type ConsentResponse = z.infer<typeof ConsentResponse>;

export const TokenBody = z.strictObject({ token });
export type TokenBody = z.infer<typeof TokenBody>;

/** The page's goodbye as it goes (POST /api/chats/:id/exit): how the visitor left, a quick exit when absent. */
export const ExitBody = z.strictObject({ token, why: z.optional(LeaveReason) });
export type ExitBody = z.infer<typeof ExitBody>;

export const ResumeBody = z.strictObject({ code, language: z._default(Language, "nl") });
export type ResumeBody = z.infer<typeof ResumeBody>;

export const CodeBody = z.strictObject({ code });
export type CodeBody = z.infer<typeof CodeBody>;

/** A resumed chat: a fresh token for this device (the old one stops working) and when it expires. */
export const ResumeResponse = z.object({ conversationId: z.string(), token: z.string(), keptUntil: z.number() });
export type ResumeResponse = z.infer<typeof ResumeResponse>;
