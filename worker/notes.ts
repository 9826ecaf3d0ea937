/**
 * Private notes on a chat: written by staff, shown to staff sockets only, stored in the chat's own
 * Conversation object so they are erased with it.
 */
import type { NoteOut } from "../schema/protocol";

export const NOTES_TABLE = `CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
)`;

type NoteRow = { id: number; at: number; author: string; text: string };

function frame(row: NoteRow): NoteOut {
  return { type: "note", id: row.id, by: row.author, text: row.text, at: row.at };
}

export function storeNote(sql: SqlStorage, author: string, text: string): NoteOut {
  const at = Date.now();
  const { id } = sql
    .exec<{ id: number }>("INSERT INTO notes (at, author, text) VALUES (?, ?, ?) RETURNING id", at, author, text)
    .one();
  return frame({ id, at, author, text });
}

export function noteFrames(sql: SqlStorage): NoteOut[] {
  return sql.exec<NoteRow>("SELECT id, at, author, text FROM notes ORDER BY id").toArray().map(frame);
}

/**
 * The notes are the counsellor's working memory for one open chat (schema/inventory.ts: until the chat
 * ends or is abandoned). A visitor who keeps the conversation consents to their transcript, not to
 * these, so they go when a kept chat ends too.
 */
export function eraseNotes(sql: SqlStorage): void {
  sql.exec("DELETE FROM notes");
}
