/**
 * Healing a release the Desk never heard (desk-calls.ts): a chat's end reaches the Desk by the
 * Conversation's release call, and were that call lost the chat would stay held, taking a place of its
 * counsellor's capacity, until that counsellor's console next connects. So while the Desk holds chats,
 * its alarm also asks their objects, every SWEEP_INTERVAL_MS, whether they are still open; the console
 * connect asks the same for the chats it would list. Those that ended are released as the lost call
 * would have done. With no chat held there is nothing to ask and no alarm for it.
 */
import { callChat } from "./desk-calls";

/** Appended to the Desk's migrations: when each held chat's object was last asked. */
export const SWEEP_SCHEMA = [`ALTER TABLE chats ADD COLUMN swept_at INTEGER`] as const;

/** Often enough that a lost release frees its counsellor soon; rare enough to cost nothing. */
export const SWEEP_INTERVAL_MS = 5 * 60_000;

/** A chat taken or handed over was last known open then, so it is asked one interval later at the earliest. */
const LAST_KNOWN_OPEN = "max(assigned_at, coalesce(swept_at, 0))";

/** When the next sweep is due, or null while no chat is held. */
export function nextSweep(sql: SqlStorage): number | null {
  const last = sql.exec<{ at: number | null }>(`SELECT min(${LAST_KNOWN_OPEN}) AS at FROM chats WHERE state = 'held'`).one().at;
  return last === null ? null : last + SWEEP_INTERVAL_MS;
}

/**
 * The held chats to ask now: all of them once the longest unasked is due, so one alarm asks every chat
 * and the next is one interval later; none before. Marked asked before they are asked, so a sweep whose
 * calls fail is not repeated at once (those chats are kept, see callChat).
 */
export function takeSweep(sql: SqlStorage, now: number): string[] {
  const due = nextSweep(sql);
  if (due === null || due > now) return [];
  return sql
    .exec<{ conversation_id: string }>("UPDATE chats SET swept_at = ? WHERE state = 'held' RETURNING conversation_id", now)
    .toArray()
    .map((r) => r.conversation_id);
}

/** Of these chats, the ones whose object says they ended; one that cannot answer is not among them. */
export async function endedChats(env: Env, conversationIds: readonly string[]): Promise<string[]> {
  const open = await Promise.all(conversationIds.map((id) => callChat(env, id, "is_open", (chat) => chat.isOpen())));
  return conversationIds.filter((_id, i) => open[i] === false);
}
