/**
 * The chat wire protocol between a page and a Conversation object. Every frame in either direction
 * is one of these schemas; the worker parses incoming frames with `ClientFrame` and never acts on
 * anything else.
 */
import * as z from "zod/mini";
import { LIMITS } from "./limits";
import { HandoffAnswerIn, HandoffDeclinedOut, HandoffMadeOut, HandoffProposalOut, HandoffProposeIn } from "./handoff";

const seq = z.int().check(z.nonnegative());
const cid = z.string().check(z.minLength(1), z.maxLength(LIMITS.cidChars));

/** Who speaks in a chat. `counsellor` covers whoever is assigned; names travel separately. */
export const Party = z.enum(["visitor", "counsellor"]);
export type Party = z.infer<typeof Party>;

/** How a visitor left without ending the chat: by quick exit (ends it at once), or by closing or reloading
 *  the page (`left`: ends it unless the page says hello again within a short grace, worker/goodbye.ts). */
export const LeaveReason = z.enum(["quick_exit", "left"]);
export type LeaveReason = z.infer<typeof LeaveReason>;

/** Why a chat ended: one of the parties, the visitor left (by quick exit, or closed the page), the visitor was gone longer
 *  than the grace period, or the kept conversation was deleted (by its visitor, or when its retention ran out),
 *  or the counsellor blocked the visitor (schema/block.ts). */
export const EndReason = z.enum(["visitor", "counsellor", "quick_exit", "left", "abandoned", "deleted", "blocked"]);
export type EndReason = z.infer<typeof EndReason>;

// ---- client -> server ----

/** First frame on every (re)connect. Visitors prove themselves with their token; staff sockets are
 *  authenticated by the worker from their session cookie and send no token. */
export const Hello = z.strictObject({
  type: z.literal("hello"),
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.tokenChars))),
  since: seq,
});
export const Send = z.strictObject({
  type: z.literal("send"),
  cid,
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.messageChars)),
});
export const TypingIn = z.strictObject({ type: z.literal("typing") });
export const ReadIn = z.strictObject({ type: z.literal("read"), seq });
export const EndIn = z.strictObject({ type: z.literal("end") });
/** The visitor leaves (`why`; a quick exit when absent): see LeaveReason for when the chat ends. */
export const ExitIn = z.strictObject({ type: z.literal("exit"), why: z.optional(LeaveReason) });
/** A private note on the chat from staff; the visitor's socket never receives it. */
export const NoteIn = z.strictObject({
  type: z.literal("note"),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.noteChars)),
});

/** The visitor's silent signal that someone is watching (`on`), or that they are alone again. */
export const WatchedIn = z.strictObject({ type: z.literal("watched"), on: z.boolean() });
/** A private line between the counsellor and an observing supervisor (coaching); never to the visitor. */
export const WhisperIn = z.strictObject({
  type: z.literal("whisper"),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.noteChars)),
});

/** Keep-alive, allowed before hello. The runtime answers the exact text of `PING_TEXT` itself
 *  (keepalive.ts); any other spelling reaches the object and gets the same pong. */
export const Ping = z.strictObject({ type: z.literal("ping") });

export const ClientFrame = z.discriminatedUnion("type", [Hello, Send, TypingIn, ReadIn, EndIn, ExitIn, NoteIn, WatchedIn, WhisperIn, Ping, HandoffProposeIn, HandoffAnswerIn]);
export type ClientFrame = z.infer<typeof ClientFrame>;

// ---- server -> client ----

export const ChatStatus = z.enum(["waiting", "active"]);
export type ChatStatus = z.infer<typeof ChatStatus>;

/** Who a socket is in a chat: a party, or a supervisor observing silently. */
export const Viewer = z.enum(["visitor", "counsellor", "observer"]);
export type Viewer = z.infer<typeof Viewer>;

export const Welcome = z.object({
  type: z.literal("welcome"),
  role: Viewer,
  status: ChatStatus,
  /** Display name of the counsellor once one has joined; never a login name. */
  counsellor: z.nullable(z.string()),
  lastSeq: seq,
});
export const Message = z.object({
  type: z.literal("msg"),
  seq,
  from: Party,
  /** The display name of the counsellor who wrote it, kept through a hand-over; null for the visitor. */
  name: z.nullable(z.string()),
  cid,
  text: z.string(),
  at: z.number(),
});
export type Message = z.infer<typeof Message>;
/** Sent only to the sender, only after the message is stored. */
export const Ack = z.object({ type: z.literal("ack"), cid, seq });
export const TypingOut = z.object({ type: z.literal("typing"), from: Party });
export const ReadOut = z.object({ type: z.literal("read"), from: Party, seq });
export const QueueUpdate = z.object({
  type: z.literal("queue"),
  position: z.int().check(z.positive()),
  /** Honest estimate in seconds, or null when there is too little recent data to say. */
  waitSeconds: z.nullable(z.int().check(z.nonnegative())),
});
export const Joined = z.object({ type: z.literal("joined"), counsellor: z.string() });
export const Ended = z.object({
  type: z.literal("ended"),
  by: EndReason,
  /** To the visitor only: a single-use ticket for the anonymous survey (schema/survey.ts). */
  survey: z.optional(z.string()),
});
/** A private note (or a handover note), sent only to staff sockets. `by` is a display name. */
export const NoteOut = z.object({ type: z.literal("note"), id: z.int(), by: z.string(), text: z.string(), at: z.number() });
export type NoteOut = z.infer<typeof NoteOut>;
/** A whisper, sent only to the assigned counsellor's and observers' sockets. `by` is a display name. */
export const WhisperOut = z.object({ type: z.literal("whisper"), id: z.int(), by: z.string(), text: z.string(), at: z.number() });
export type WhisperOut = z.infer<typeof WhisperOut>;
/** The visitor chose to keep the conversation until `until` (epoch ms); sent to every party, and
 *  after `welcome` on every (re)connect while it holds. */
export const Kept = z.object({ type: z.literal("kept"), until: z.number() });

/** Whether the visitor signalled that someone is watching, since `at`; to every party, and after
 *  `welcome` on every (re)connect while it holds. */
export const WatchedOut = z.object({ type: z.literal("watched"), on: z.boolean(), at: z.nullable(z.number()) });
/** A supervisor joined an escalated chat as a second staff party; `you` on that supervisor's own sockets. */
export const SupporterOut = z.object({ type: z.literal("supporter"), name: z.string(), you: z.boolean() });

/** The answer to a ping. */
export const Pong = z.object({ type: z.literal("pong") });

export const ErrorCode = z.enum([
  "bad_json",
  "bad_frame",
  "too_large",
  "hello_required",
  "rate_limited",
  "chat_full",
  /** This side of the chat already holds as many greeted sockets as it may (worker/socket-cap.ts). */
  "too_many_sockets",
  "read_only",
  "chat_ended",
  /** The queue filled up between the start and the visitor's first hello. */
  "queue_full",
  /** A frame only staff may send (a whisper) came from the visitor's socket. */
  "staff_only",
  /** A handoff answer with no proposal open, or one the counsellor has since replaced or the page's text outdated. */
  "no_proposal",
  "stale_proposal",
  /** A handoff proposal naming a partner the helpline does not list. */
  "unknown_partner",
  /** Ending the chat or proposing a handoff came from a supervisor who joined it: those are its holder's alone. */
  "holder_only",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
/** A refused frame. The socket stays open; nothing of the frame was acted on. */
export const ErrorFrame = z.object({ type: z.literal("error"), code: ErrorCode, message: z.string() });

export const ServerFrame = z.discriminatedUnion("type", [
  Welcome,
  Message,
  Ack,
  TypingOut,
  ReadOut,
  QueueUpdate,
  Joined,
  Ended,
  NoteOut,
  WhisperOut,
  ErrorFrame,
  Kept,
  Pong,
  WatchedOut,
  SupporterOut,
  HandoffProposalOut,
  HandoffDeclinedOut,
  HandoffMadeOut,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export { CloseCode } from "./close-codes";
