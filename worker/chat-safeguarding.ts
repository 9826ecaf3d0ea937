/**
 * A chat's own safeguarding state, kept in its Conversation's meta row for the chat's life only: when
 * the visitor signalled that someone is watching (watched-signal.ts), and which supervisor joined the
 * escalated chat as a second staff party. A kept chat lets go of both when it ends (clearSafeguarding),
 * an erased one with everything else.
 */
import type { ClientFrame, ServerFrame } from "../schema/protocol";
import type { Attachment, Counsellor } from "./conversation";
import { clearWatched, watchedFrame } from "./watched-signal";

/** Appended to the Conversation's migrations. */
export const SAFEGUARDING_COLUMNS = [
  `ALTER TABLE meta ADD COLUMN watched_at INTEGER`,
  `ALTER TABLE meta ADD COLUMN supporter_id TEXT`,
  `ALTER TABLE meta ADD COLUMN supporter_name TEXT`,
] as const;

type Row = { supporter_id: string | null; supporter_name: string | null };

function row(sql: SqlStorage): Row | undefined {
  return sql.exec<Row>("SELECT supporter_id, supporter_name FROM meta").toArray()[0];
}

/** A supervisor joins as a second staff party. False when the chat is not being answered. */
export function joinSupporter(sql: SqlStorage, staff: Counsellor): boolean {
  return sql.exec("UPDATE meta SET supporter_id = ?, supporter_name = ? WHERE status = 'active'", staff.id, staff.displayName).rowsWritten > 0;
}

/** The supporter frame as one socket should see it. */
export function supporterFrame(name: string, att: Attachment, supporterId: string): ServerFrame {
  return { type: "supporter", name, you: att.role === "observer" && att.staffId === supporterId };
}

/**
 * A joined supervisor's observing socket acts as the counsellor party (messages, notes, typing), under
 * their own display name; every other socket is what it was opened as. Only observer sockets ask.
 */
export function actingAs(sql: SqlStorage, att: Attachment): Attachment {
  if (att.role !== "observer" || !att.authed || att.staffId === null) return att;
  return row(sql)?.supporter_id === att.staffId ? { ...att, role: "counsellor" } : att;
}

/**
 * Frames a joined supervisor may not send though they write as the counsellor party: ending the chat
 * and proposing a handoff commit the holder, who answers for the chat (its categorisation, the
 * proposal recorded under their name), so they stay the holder's alone.
 */
export const HOLDER_ONLY: ReadonlySet<ClientFrame["type"]> = new Set(["end", "handoff_propose"]);

/** What a (re)connecting socket is told after `welcome`: the signal while it holds, and who joined. */
export function safeguardingFrames(sql: SqlStorage, att: Attachment): ServerFrame[] {
  const state = row(sql);
  if (!state) return [];
  const frames: ServerFrame[] = [];
  const watched = watchedFrame(sql, att.role);
  if (watched) frames.push(watched);
  if (state.supporter_id !== null && state.supporter_name !== null) frames.push(supporterFrame(state.supporter_name, att, state.supporter_id));
  return frames;
}

/** A kept chat ended: its transcript stays, the signal and the supporter do not. */
export function clearSafeguarding(sql: SqlStorage): void {
  clearWatched(sql);
  sql.exec("UPDATE meta SET supporter_id = NULL, supporter_name = NULL");
}
