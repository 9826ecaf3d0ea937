/** Frames the Desk object pushes to counsellor consoles. Consoles only listen; actions go over HTTP. */
import * as z from "zod/mini";
import { Language } from "./http";

export const QueueItem = z.object({
  conversationId: z.string(),
  enqueuedAt: z.number(),
  inDanger: z.nullable(z.boolean()),
  language: Language,
});
export type QueueItem = z.infer<typeof QueueItem>;

export const AssignedChat = z.object({ conversationId: z.string(), assignedAt: z.number() });
export type AssignedChat = z.infer<typeof AssignedChat>;

export const DeskSnapshot = z.object({
  type: z.literal("desk"),
  queue: z.array(QueueItem),
  /** The chats assigned to the counsellor this socket belongs to. */
  mine: z.array(AssignedChat),
});
export type DeskSnapshot = z.infer<typeof DeskSnapshot>;
