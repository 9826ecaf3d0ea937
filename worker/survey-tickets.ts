/**
 * Single-use survey tickets, in the RateLimiter's memory only. A ticket is random and is all this
 * list knows besides its helpline and expiry: the Conversation asks for one without saying which chat
 * it is, so an answer cannot be linked back. Spending deletes it, so one ended chat gives one answer;
 * eviction forgets the tickets, which only ever loses an answer.
 */
import { randomToken } from "./crypto";

/** How long after the end a visitor may still answer. */
export const SURVEY_TICKET_MS = 60 * 60 * 1000;
/** A bound on memory: a flood of ended chats drops the oldest unanswered tickets. */
const MAX_TICKETS = 50_000;

export class SurveyTickets {
  private tickets = new Map<string, { helpline: string; expires: number }>();

  issue(helpline: string, now: number): string {
    for (const [t, v] of this.tickets) {
      if (v.expires > now && this.tickets.size < MAX_TICKETS) break;
      this.tickets.delete(t);
    }
    const ticket = randomToken(128);
    this.tickets.set(ticket, { helpline, expires: now + SURVEY_TICKET_MS });
    return ticket;
  }

  /** The ticket's helpline, once; null for an unknown, spent or expired ticket. */
  spend(ticket: string, now: number): string | null {
    const held = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return held && held.expires > now ? held.helpline : null;
  }
}
