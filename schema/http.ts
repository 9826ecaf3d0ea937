/** HTTP request and response bodies. Every JSON body the worker accepts is parsed with one of these. */
import * as z from "zod/mini";
import { Language } from "./language";
import { INVITE_CODE } from "./outreach";
import { CHALLENGE_PATTERN } from "./start-challenge";
import { DisplayName, Login, Password, SecondFactorState, StaffMember } from "./staff";


export const StartChatBody = z.strictObject({
  /** The answer to "Are you in danger right now?"; null when the visitor chose not to answer. */
  inDanger: z._default(z.nullable(z.boolean()), null),
  language: z._default(Language, "nl"),
  /** The code of the outreach link the visitor came through, if any. */
  invite: z.optional(z.string().check(z.regex(INVITE_CODE))),
  /** The solved challenge, when this network has to show work (see StartChallenge). */
  proof: z.optional(z.strictObject({ challenge: z.string().check(z.regex(CHALLENGE_PATTERN)), counter: z.int().check(z.nonnegative(), z.lte(2 ** 32)) })),
});
export type StartChatBody = z.infer<typeof StartChatBody>;
export const StartChatResponse = z.object({
  conversationId: z.string(),
  /** The visitor's only credential. Kept in page memory, sent in the first socket frame. */
  token: z.string(),
});
export type StartChatResponse = z.infer<typeof StartChatResponse>;

/** POST /api/chats/challenge: asks what work a start from this network must show. Carries nothing. */
export const StartChallengeBody = z.strictObject({});
/**
 * The work a start must show: a counter whose SHA-256 with `challenge` starts with `bits` zero bits
 * (schema/start-challenge.ts), sent back in StartChatBody.proof before `expiresAt` (ms), once.
 */
export const StartChallenge = z.object({ challenge: z.string(), bits: z.int(), expiresAt: z.number() });
export type StartChallenge = z.infer<typeof StartChallenge>;

/** POST /api/closed-visit: the visitor page saw the closed screen. Carries nothing about the visitor. */
export const ClosedVisitBody = z.strictObject({});

export const SetupBody = z.strictObject({
  secret: z.string().check(z.minLength(1), z.maxLength(256)),
  login: Login,
  displayName: DisplayName,
  password: Password,
});
export type SetupBody = z.infer<typeof SetupBody>;

export const LoginBody = z.strictObject({
  login: z.string().check(z.maxLength(64)),
  password: z.string().check(z.maxLength(256)),
  /** The current code of the account's authenticator app, when it has a second factor. */
  code: z.optional(z.string().check(z.maxLength(16))),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionInfo = z.object({
  staff: z.nullable(StaffMember),
  needsSetup: z.boolean(),
  /** The member's helplines with their names, for the console's and dashboard's choice of helpline. */
  helplines: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Where the member stands with a second factor; null when nobody is signed in, or behind single sign-on. */
  secondFactor: z.nullable(SecondFactorState),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ApiErrorCode = z.enum([
  "bad_request",
  "unauthorized",
  "code_required",
  /** The member's role needs a second factor and they have none yet: the console's set-up comes first. */
  "second_factor_required",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "rate_limited",
  "queue_full",
  /** The helpline took more chats in the last minute than it can (STARTS_PER_MINUTE): very busy now. */
  "very_busy",
  /** A chat socket refused: that side of the chat holds as many sockets as it may. */
  "too_many_sockets",
  /** A counsellor blocked this visitor's network (or, for a kept chat, its resume) for a while. */
  "blocked",
  "closed",
  /** A start refused for its proof of work (schema/start-challenge.ts): the page fetches a fresh challenge and tries again. */
  "challenge_required",
  "challenge_expired",
  "challenge_invalid",
  "challenge_spent",
  "challenge_unsolved",
  "internal",
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;
/** Every error answer: a code a program can act on and a short sentence a person can read. */
export const ApiError = z.object({ error: ApiErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
