/**
 * Which waiting chat the Desk offers to whom. A chat that came through an outreach link goes first to
 * the worker who sent the link, when they are free. With "offer the next chat" on, the other chats
 * follow, longest-waiting urgent ones first, each to the available counsellor with the fewest open
 * chats. Pure, so the rule is tested on its own.
 */
import type { Colleague, QueueItem } from "../schema/desk";

type Waiting = Pick<QueueItem, "conversationId"> & { invitedBy?: string | null };

/** Conversation id -> staff id, at most one chat per counsellor. `queue` is already in Desk order. */
export function offers(queue: readonly Waiting[], colleagues: readonly Colleague[], everyChat = true): Map<string, string> {
  const free = colleagues
    .filter((c) => c.status === "available" && c.open < c.capacity)
    .sort((a, b) => a.open - b.open || a.id.localeCompare(b.id));
  const result = new Map<string, string>();
  const take = (conversationId: string, staffId: string) => {
    result.set(conversationId, staffId);
    free.splice(free.findIndex((c) => c.id === staffId), 1);
  };
  for (const item of queue) {
    if (item.invitedBy && free.some((c) => c.id === item.invitedBy)) take(item.conversationId, item.invitedBy);
  }
  if (!everyChat) return result;
  for (const item of queue) {
    const to = free[0];
    if (!to) break;
    if (!result.has(item.conversationId)) take(item.conversationId, to.id);
  }
  return result;
}
