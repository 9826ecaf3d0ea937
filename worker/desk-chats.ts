/**
 * The Desk's one record of each open chat, from the moment it joins the queue until it ends: where it
 * stands (`waiting` or `held`), what orders it (urgency, arrival) and what routes it (language,
 * outreach channel and sender). One row moves through the states, so nothing is copied between tables
 * and a chat cannot be both waiting and held.
 *
 * "Offered" is not a stored state: which waiting chat is offered to whom follows from the queue order,
 * who is online, their status and load, and a helpline setting (offers.ts), and changes whenever any of
 * these does (a console closing, a status change). Stored, it would be a second truth to keep in step
 * with all of them; computed at each snapshot it cannot go stale.
 */
import type { AssignedChat, Enqueue, QueueItem } from "../schema/desk";
import type { Language } from "../schema/language";
import { eraseSoon } from "./erasure-due";

/**
 * Appended to the Desk's migrations: the queue and assignments tables become one, rows copied as they
 * stand. A held chat's `enqueued_at` is when it was assigned, which is where it would go back in the
 * queue (see requeueHeldBy).
 */
export const CHATS_SCHEMA = [
  `CREATE TABLE chats (
     conversation_id TEXT PRIMARY KEY,
     state TEXT NOT NULL CHECK (state IN ('waiting', 'held')),
     enqueued_at INTEGER NOT NULL,
     staff_id TEXT,
     assigned_at INTEGER,
     language TEXT NOT NULL,
     in_danger INTEGER,
     risk_word INTEGER NOT NULL DEFAULT 0,
     urgency_capped INTEGER NOT NULL DEFAULT 0,
     wait_alerted INTEGER NOT NULL DEFAULT 0,
     channel TEXT,
     invited_by TEXT
   )`,
  `INSERT INTO chats (conversation_id, state, enqueued_at, language, in_danger, risk_word, urgency_capped, wait_alerted, channel, invited_by)
   SELECT conversation_id, 'waiting', enqueued_at, language, in_danger, risk_word, urgency_capped, wait_alerted, channel, invited_by FROM queue`,
  `INSERT INTO chats (conversation_id, state, enqueued_at, staff_id, assigned_at, language, in_danger, risk_word, channel, invited_by)
   SELECT conversation_id, 'held', assigned_at, staff_id, assigned_at, language, in_danger, risk_word, channel, invited_by FROM assignments`,
  `DROP TABLE queue`,
  `DROP TABLE assignments`,
] as const;

/**
 * Appended after CHATS_SCHEMA: what Stats has counted of each chat's stay in the queue, so that every
 * answered or abandoned chat was counted offered, and none is counted answered or abandoned twice
 * (not when a disabled counsellor's chats go back to the queue and are taken again):
 * - `none`: not (yet) counted offered: Stats could not be reached, or the count is on its way;
 * - `offered`: counted offered; it is counted answered when taken, or abandoned when it ends waiting;
 * - `answered`: counted answered; nothing more is counted of it but its duration when it ends.
 * Chats already open when this arrived were counted as they went, under the earlier code.
 */
export const COUNTED_SCHEMA = [
  "ALTER TABLE chats ADD COLUMN counted TEXT NOT NULL DEFAULT 'none' CHECK (counted IN ('none', 'offered', 'answered'))",
  "UPDATE chats SET counted = CASE state WHEN 'held' THEN 'answered' ELSE 'offered' END",
] as const;

/** Urgent as the queue orders it: in danger (unless capped as part of a flood) or a risk word. */
export const URGENT = "max(coalesce(in_danger, 0) * (1 - urgency_capped), risk_word)";

export type ChatState = "waiting" | "held";
export type ChatRow = {
  conversation_id: string;
  state: ChatState;
  enqueued_at: number;
  staff_id: string | null;
  assigned_at: number | null;
  language: Language;
  in_danger: number | null;
  risk_word: number;
  urgency_capped: number;
  wait_alerted: number;
  channel: string | null;
  invited_by: string | null;
  counted: Counted;
};
export type Counted = "none" | "offered" | "answered";
/** A held chat: who holds it and since when. */
export type Holding = { staffId: string; assignedAt: number };

/** A waiting chat as the Desk keeps it; `invitedBy` never leaves the Desk. */
export type Waiting = Omit<QueueItem, "offered"> & { invitedBy: string | null };

export class DeskChats {
  constructor(private readonly sql: SqlStorage) {}

  waitingCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'waiting'").one().n;
  }

  enqueue(chat: Enqueue, now: number): void {
    this.sql.exec(
      "INSERT INTO chats (conversation_id, state, enqueued_at, in_danger, language, channel, invited_by, urgency_capped) VALUES (?, 'waiting', ?, ?, ?, ?, ?, ?)",
      chat.conversationId,
      now,
      chat.inDanger === null ? null : Number(chat.inDanger),
      chat.language,
      chat.invite?.channel ?? null,
      chat.invite?.invitedBy ?? null,
      Number(chat.urgencyCapped === true),
    );
  }

  /** Stats counted this chat's offer. */
  offerCounted(conversationId: string): void {
    this.sql.exec("UPDATE chats SET counted = 'offered' WHERE conversation_id = ? AND counted = 'none'", conversationId);
  }

  /** Marks a chat answered if its offer was counted and its answer was not yet: true when Stats should count it now. */
  countAnswer(conversationId: string): boolean {
    return this.sql.exec("UPDATE chats SET counted = 'answered' WHERE conversation_id = ? AND counted = 'offered'", conversationId).rowsWritten > 0;
  }

  /** True when the waiting chat was not urgent by a risk word yet. */
  markRiskWord(conversationId: string): boolean {
    return this.sql.exec("UPDATE chats SET risk_word = 1 WHERE conversation_id = ? AND state = 'waiting' AND risk_word = 0", conversationId).rowsWritten > 0;
  }

  get(conversationId: string): ChatRow | undefined {
    return this.sql.exec<ChatRow>("SELECT * FROM chats WHERE conversation_id = ?", conversationId).toArray()[0];
  }

  /** Takes a waiting chat for a counsellor. False when it is not waiting, so one of two racing takes wins. */
  hold(conversationId: string, staffId: string, now: number): boolean {
    return (
      this.sql.exec(
        "UPDATE chats SET state = 'held', staff_id = ?, assigned_at = ? WHERE conversation_id = ? AND state = 'waiting'",
        staffId,
        now,
        conversationId,
      ).rowsWritten > 0
    );
  }

  /** Puts a chat taken a moment ago back to waiting, exactly as it stood (place, urgency, alert, routing). */
  unhold(conversationId: string): void {
    this.sql.exec("UPDATE chats SET state = 'waiting', staff_id = NULL, assigned_at = NULL WHERE conversation_id = ?", conversationId);
  }

  /** Who holds a chat, or undefined when it is not held. */
  holding(conversationId: string): Holding | undefined {
    const row = this.get(conversationId);
    return row?.state === "held" && row.staff_id !== null && row.assigned_at !== null
      ? { staffId: row.staff_id, assignedAt: row.assigned_at }
      : undefined;
  }

  /** Sets who holds a held chat and since when (a hand-over, or undoing one). */
  setHolder(conversationId: string, holding: Holding): void {
    this.sql.exec(
      "UPDATE chats SET staff_id = ?, assigned_at = ? WHERE conversation_id = ? AND state = 'held'",
      holding.staffId,
      holding.assignedAt,
      conversationId,
    );
  }

  /** Forgets a chat that ended, and books the rewrite that takes its id out of the files (erasure-due.ts); returns what it was. */
  remove(conversationId: string): ChatRow | undefined {
    const row = this.sql.exec<ChatRow>("DELETE FROM chats WHERE conversation_id = ? RETURNING *", conversationId).toArray()[0];
    if (row) eraseSoon(this.sql, Date.now());
    return row;
  }

  /**
   * Every chat a counsellor held goes back to waiting, placed by when it was assigned (ahead of newer
   * chats), with its urgency and routing; its wait alert starts over with its new wait.
   */
  requeueHeldBy(staffId: string): string[] {
    return this.sql
      .exec<{ conversation_id: string }>(
        `UPDATE chats SET state = 'waiting', enqueued_at = assigned_at, staff_id = NULL, assigned_at = NULL, wait_alerted = 0
         WHERE state = 'held' AND staff_id = ? RETURNING conversation_id`,
        staffId,
      )
      .toArray()
      .map((r) => r.conversation_id);
  }

  /** Urgent first, then longest waiting. */
  queue(): Waiting[] {
    return this.sql
      .exec<ChatRow>(`SELECT * FROM chats WHERE state = 'waiting' ORDER BY ${URGENT} DESC, enqueued_at ASC`)
      .toArray()
      .map((r) => ({
        conversationId: r.conversation_id,
        enqueuedAt: r.enqueued_at,
        inDanger: r.in_danger === null ? null : r.in_danger === 1,
        riskWord: r.risk_word === 1,
        language: r.language,
        channel: r.channel,
        invitedBy: r.invited_by,
      }));
  }

  /** Every open chat, waiting or held. */
  openIds(): string[] {
    return this.sql.exec<{ conversation_id: string }>("SELECT conversation_id FROM chats").toArray().map((r) => r.conversation_id);
  }

  heldCount(staffId: string): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'held' AND staff_id = ?", staffId).one().n;
  }

  /** A counsellor's held chats in the order they took them, with why each was urgent and whether it was escalated (escalations.ts). */
  heldBy(staffId: string): AssignedChat[] {
    return this.sql
      .exec<ChatRow & { escalated: number }>(
        `SELECT c.*, e.conversation_id IS NOT NULL AS escalated FROM chats c LEFT JOIN escalations e ON e.conversation_id = c.conversation_id
         WHERE c.state = 'held' AND c.staff_id = ? ORDER BY c.assigned_at`,
        staffId,
      )
      .toArray()
      .map((r) => ({
        conversationId: r.conversation_id,
        assignedAt: r.assigned_at ?? r.enqueued_at,
        language: r.language,
        urgency: r.in_danger === 1 ? "in_danger" : r.risk_word === 1 ? "risk_word" : null,
        escalated: r.escalated === 1,
      }));
  }

  /** Chats held by others, with their counsellor's name from presence, for an observer. */
  heldByOthers(staffId: string): { conversationId: string; counsellor: string }[] {
    return this.sql
      .exec<{ conversation_id: string; counsellor: string | null }>(
        `SELECT c.conversation_id, p.display_name AS counsellor FROM chats c
         LEFT JOIN presence p ON p.staff_id = c.staff_id
         WHERE c.state = 'held' AND c.staff_id != ? ORDER BY c.assigned_at`,
        staffId,
      )
      .toArray()
      .map((r) => ({ conversationId: r.conversation_id, counsellor: r.counsellor ?? "?" }));
  }
}
