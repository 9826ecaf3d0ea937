/**
 * Staff-only lines on a chat: private notes, and whispers between the counsellor and an observing
 * supervisor. Written by staff, shown to staff sockets only, stored in the chat's own Conversation
 * object so they are erased with it. Both live in one table: they have the same audience, the same
 * lifetime and the same erasure; only how the console shows them differs (the `kind`, which is also
 * the frame's type).
 */
import type { NoteOut, WhisperOut } from "../schema/protocol";

export const NOTES_TABLE = `CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
)`;
/** Whispers joined the notes table after it shipped: existing rows are notes. */
export const NOTES_KIND = `ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note'`;

export type StaffLineKind = "note" | "whisper";
export type StaffLine = NoteOut | WhisperOut;
type NoteRow = { id: number; at: number; author: string; text: string; kind: StaffLineKind };

function frame(row: NoteRow): StaffLine {
  return { type: row.kind, id: row.id, by: row.author, text: row.text, at: row.at };
}

export function storeNote(sql: SqlStorage, author: string, text: string, kind: StaffLineKind = "note"): StaffLine {
  const at = Date.now();
  const { id } = sql
    .exec<{ id: number }>("INSERT INTO notes (at, author, text, kind) VALUES (?, ?, ?, ?) RETURNING id", at, author, text, kind)
    .one();
  return frame({ id, at, author, text, kind });
}

export function noteFrames(sql: SqlStorage): StaffLine[] {
  return sql.exec<NoteRow>("SELECT id, at, author, text, kind FROM notes ORDER BY id").toArray().map(frame);
}

/**
 * Notes and whispers are the staff's working memory for one open chat (schema/inventory.ts: until the
 * chat ends or is abandoned). A visitor who keeps the conversation consents to their transcript, not to
 * these, so they go when a kept chat ends too.
 */
export function eraseNotes(sql: SqlStorage): void {
  sql.exec("DELETE FROM notes");
}
