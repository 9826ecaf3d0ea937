/**
 * Which waiting chat the Desk offers to whom, when the helpline has "offer the next chat" on: the
 * longest-waiting urgent chats first, each to the available counsellor with the fewest open chats.
 * Pure, so the rule is tested on its own.
 */
import type { Colleague, QueueItem } from "../schema/desk";

/** Conversation id -> staff id, at most one chat per counsellor. `queue` is already in Desk order. */
export function offers(queue: readonly Pick<QueueItem, "conversationId">[], colleagues: readonly Colleague[]): Map<string, string> {
  const free = colleagues
    .filter((c) => c.status === "available" && c.open < c.capacity)
    .sort((a, b) => a.open - b.open || a.id.localeCompare(b.id));
  const result = new Map<string, string>();
  queue.slice(0, free.length).forEach((item, i) => {
    const to = free[i];
    if (to) result.set(item.conversationId, to.id);
  });
  return result;
}
