/**
 * Single-use survey tickets: random, kept in the RateLimiter's storage only as a SHA-256 hash with
 * their helpline and expiry, so a ticket holds for its hour across idle periods and eviction. The
 * Conversation asks for one without saying which chat it is, so an answer cannot be linked back.
 * Spending deletes it, so one ended chat gives one answer; the alarm deletes it at its expiry.
 */
import { randomToken, sha256Hex } from "./crypto";

export const SURVEY_TICKETS_SCHEMA = [
  `CREATE TABLE survey_tickets (
     ticket_hash TEXT PRIMARY KEY,
     helpline TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   )`,
  `CREATE INDEX survey_tickets_expiry ON survey_tickets (expires_at)`,
] as const;

/** How long after the end a visitor may still answer. */
export const SURVEY_TICKET_MS = 60 * 60 * 1000;
/** A bound on storage: a flood of ended chats drops the oldest unanswered tickets. */
const MAX_TICKETS = 50_000;

export class SurveyTickets {
  constructor(private readonly sql: SqlStorage) {}

  async issue(helpline: string, now: number): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = randomToken(128);
    const hash = await sha256Hex(ticket);
    const count = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM survey_tickets").one().n;
    if (count >= MAX_TICKETS) {
      this.sql.exec("DELETE FROM survey_tickets WHERE ticket_hash IN (SELECT ticket_hash FROM survey_tickets ORDER BY expires_at LIMIT ?)", count - MAX_TICKETS + 1);
    }
    const expiresAt = now + SURVEY_TICKET_MS;
    this.sql.exec("INSERT INTO survey_tickets (ticket_hash, helpline, expires_at) VALUES (?, ?, ?)", hash, helpline, expiresAt);
    return { ticket, expiresAt };
  }

  /** The ticket's helpline, once; null for an unknown, spent or expired ticket. */
  async spend(ticket: string, now: number): Promise<string | null> {
    const hash = await sha256Hex(ticket);
    const held = this.sql
      .exec<{ helpline: string; expires_at: number }>("DELETE FROM survey_tickets WHERE ticket_hash = ? RETURNING helpline, expires_at", hash)
      .toArray()[0];
    return held && held.expires_at > now ? held.helpline : null;
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM survey_tickets WHERE expires_at <= ?", now);
  }

  nextExpiry(): number | null {
    return this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM survey_tickets").one().at;
  }
}
