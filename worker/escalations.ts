/**
 * The Desk's side of safeguarding: which held chats a counsellor escalated (a reason category, no
 * text), which urgent waiting chats have waited past the helpline's alert time, and what the
 * supervisors on shift are alerted to. Both live only while the chat is open: an escalation goes with
 * the chat's release, a wait alert with the chat's wait.
 */
import type { EscalationReason, SupervisorAlert } from "../schema/safeguarding";
import { URGENT as URGENCY } from "./desk-chats";

/** Appended to the Desk's migrations. */
export const ESCALATION_SCHEMA = [
  `CREATE TABLE escalations (
     conversation_id TEXT PRIMARY KEY,
     reason TEXT NOT NULL,
     escalated_at INTEGER NOT NULL
   )`,
  `ALTER TABLE queue ADD COLUMN wait_alerted INTEGER NOT NULL DEFAULT 0`,
] as const;

/** A waiting chat that is urgent as the queue orders it (desk-chats.ts). */
const URGENT_WAITING = `state = 'waiting' AND ${URGENCY} = 1`;

export type EscalateResult = "escalated" | "already" | "not_yours";

/** Only the chat's holder escalates it, once; a second escalation changes nothing. */
export function recordEscalation(sql: SqlStorage, conversationId: string, staffId: string, reason: EscalationReason, now: number): EscalateResult {
  const held = sql.exec("SELECT 1 FROM chats WHERE conversation_id = ? AND state = 'held' AND staff_id = ?", conversationId, staffId).toArray().length > 0;
  if (!held) return "not_yours";
  const written = sql.exec(
    "INSERT INTO escalations (conversation_id, reason, escalated_at) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING",
    conversationId,
    reason,
    now,
  ).rowsWritten;
  return written > 0 ? "escalated" : "already";
}

export function isEscalated(sql: SqlStorage, conversationId: string): boolean {
  return sql.exec("SELECT 1 FROM escalations WHERE conversation_id = ? AND conversation_id IN (SELECT conversation_id FROM chats WHERE state = 'held')", conversationId).toArray().length > 0;
}

export function forgetEscalation(sql: SqlStorage, conversationId: string): void {
  sql.exec("DELETE FROM escalations WHERE conversation_id = ?", conversationId);
}

/** When the next urgent waiting chat passes the alert time, or null when none is waiting unalerted. */
export function nextWaitAlert(sql: SqlStorage, minutes: number): number | null {
  const first = sql.exec<{ at: number | null }>(`SELECT min(enqueued_at) AS at FROM chats WHERE wait_alerted = 0 AND ${URGENT_WAITING}`).one().at;
  return first === null ? null : first + minutes * 60_000;
}

/** Marks the urgent chats that have waited past the alert time; returns how many are newly alerted. */
export function raiseWaitAlerts(sql: SqlStorage, minutes: number, now: number): number {
  return sql.exec(`UPDATE chats SET wait_alerted = 1 WHERE wait_alerted = 0 AND ${URGENT_WAITING} AND enqueued_at <= ?`, now - minutes * 60_000).rowsWritten;
}

/** Everything a supervisor on shift is alerted to: escalated chats still held, then urgent chats still waiting too long. */
export function supervisorAlerts(sql: SqlStorage): SupervisorAlert[] {
  const escalated = sql
    .exec<{ conversation_id: string; reason: EscalationReason; escalated_at: number; counsellor: string | null }>(
      `SELECT e.conversation_id, e.reason, e.escalated_at, p.display_name AS counsellor FROM escalations e
       JOIN chats c ON c.conversation_id = e.conversation_id AND c.state = 'held'
       LEFT JOIN presence p ON p.staff_id = c.staff_id ORDER BY e.escalated_at`,
    )
    .toArray()
    .map((r): SupervisorAlert => ({ kind: "escalated", conversationId: r.conversation_id, reason: r.reason, counsellor: r.counsellor ?? "?", at: r.escalated_at }));
  const waiting = sql
    .exec<{ conversation_id: string; enqueued_at: number }>("SELECT conversation_id, enqueued_at FROM chats WHERE state = 'waiting' AND wait_alerted = 1 ORDER BY enqueued_at")
    .toArray()
    .map((r): SupervisorAlert => ({ kind: "urgent_wait", conversationId: r.conversation_id, at: r.enqueued_at }));
  return [...escalated, ...waiting];
}
