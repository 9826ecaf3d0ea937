/** Frames the Desk object pushes to counsellor consoles. Consoles only listen; actions go over HTTP. */
import * as z from "zod/mini";
import { Language } from "./language";
import { ErrorFrame } from "./protocol";
import { SupervisorAlert } from "./safeguarding";
import { Role } from "./staff";
import { DebriefRequest, WellbeingView } from "./wellbeing";

export const StaffStatus = z.enum(["available", "busy", "away"]);
export type StaffStatus = z.infer<typeof StaffStatus>;

export const QueueItem = z.object({
  conversationId: z.string(),
  enqueuedAt: z.number(),
  inDanger: z.nullable(z.boolean()),
  /** A configured risk word or phrase appeared in the visitor's first messages. */
  riskWord: z.boolean(),
  language: Language,
  /** The outreach channel (e.g. "snapchat") when the chat came through an invitation link. */
  channel: z.nullable(z.string()),
  /** Whether the Desk offers this chat to the console receiving the snapshot. */
  offered: z.boolean(),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** A chat on its way into the queue: what the Desk needs to route it. The Conversation holds it until
 *  the visitor's first hello, so it is parsed again when read back. */
export const Enqueue = z.object({
  conversationId: z.string(),
  inDanger: z.nullable(z.boolean()),
  language: Language,
  /** Set for a chat started through an outreach link: it waits in the outreach team's queue. */
  invite: z.optional(z.object({ channel: z.string(), invitedBy: z.string() })),
  /** Said to be in danger, but a tier of its address (its /64, /56 or /48; its IPv4 address or /24)
   *  already had its urgent starts this hour (start-window.ts):
   *  it is queued by arrival, still marked in danger. */
  urgencyCapped: z.optional(z.boolean()),
});
export type Enqueue = z.infer<typeof Enqueue>;

/** Why a chat was urgent while it waited; it stays marked once accepted, so with several chats open
 *  the counsellor still sees which visitor said they are in danger. */
export const Urgency = z.nullable(z.enum(["in_danger", "risk_word"]));
export type Urgency = z.infer<typeof Urgency>;

/** `escalated`: its counsellor escalated it (a console that reloads shows it so, and offers no second escalation). */
export const AssignedChat = z.object({ conversationId: z.string(), assignedAt: z.number(), language: Language, urgency: Urgency, escalated: z.boolean() });
export type AssignedChat = z.infer<typeof AssignedChat>;

/** A colleague with a console open, so a chat can be handed over. */
export const Colleague = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  status: StaffStatus,
  capacity: z.int(),
  open: z.int(),
});
export type Colleague = z.infer<typeof Colleague>;

/** The console shows a flood once the helpline took this many starts within one minute, from every network together. */
export const FLOOD_SHOWN_PER_MINUTE = 10;
/** How far back the console's flood line looks for its busiest minute. */
export const FLOOD_MINUTES = 10;

export const DeskSnapshot = z.object({
  type: z.literal("desk"),
  queue: z.array(QueueItem),
  /** The chats assigned to the counsellor this socket belongs to. */
  mine: z.array(AssignedChat),
  /** `uncategorised`: chats of mine that ended and still wait for topic and outcome. */
  me: z.object({ status: StaffStatus, capacity: z.int(), uncategorised: z.int() }),
  colleagues: z.array(Colleague),
  /** Chats being answered right now, for supervisors who may observe; empty for other roles. */
  observable: z.array(z.object({ conversationId: z.string(), counsellor: z.string() })),
  /** The most chats the helpline took in one minute over the last `minutes`, from every network
   *  together, once that looks like a flood (worker/start-window.ts); a count only, never which network.
   *  Absent when there is none. */
  flood: z.optional(z.object({ perMinute: z.int(), minutes: z.int() })),
  /** Escalated chats and urgent chats waiting too long, for supervisors on shift; empty for other roles. */
  alerts: z.array(SupervisorAlert),
  /** This counsellor's shift so far, and for supervisors the team's load (schema/wellbeing.ts). */
  wellbeing: z.optional(WellbeingView),
});
export type DeskSnapshot = z.infer<typeof DeskSnapshot>;

/** The console socket takes no client frames: whatever a client sends is answered with this, and
 *  nothing of it is acted on. */
export const DESK_REFUSAL = {
  type: "error",
  code: "bad_frame",
  message: "The console socket takes no frames; actions go over HTTP.",
} as const satisfies z.infer<typeof ErrorFrame>;

/** Every frame the Desk sends on a console socket. */
export const DeskFrame = z.discriminatedUnion("type", [DeskSnapshot, ErrorFrame, DebriefRequest]);
export type DeskFrame = z.infer<typeof DeskFrame>;
