/**
 * The blocks in force, held in the RateLimiter's memory beside the daily key their network hashes
 * were made with: when the key goes (a new UTC day, or the object evicted) the hashes match nothing
 * any more, so the list goes with it. A block that also bars a kept chat's resume names that chat, so
 * a supervisor's lift can reach it; the chat keeps its own expiry, so it ends on time either way.
 */
import type { ActiveBlock } from "../schema/block";
import { randomToken } from "./crypto";

export type NewBlock = {
  helpline: string;
  /** The network's keyed hash under the current key, or null when only the kept chat is barred. */
  network: string | null;
  until: number;
  byId: string;
  byName: string;
  /** The kept chat whose resume is barred too, for the lift; null for a chat not kept. */
  keptChat: string | null;
};
type Entry = NewBlock & { id: string };

/** A bound on memory: far above what a helpline blocks in a day. */
const MAX_BLOCKS = 10_000;

export class BlockList {
  private entries = new Map<string, Entry>();

  add(block: NewBlock): string {
    this.prune(Date.now());
    if (this.entries.size >= MAX_BLOCKS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const id = randomToken(128);
    this.entries.set(id, { ...block, id });
    return id;
  }

  /** When the latest block on this network at this helpline ends, or null when none holds. */
  blockedUntil(helpline: string, network: string, now: number): number | null {
    this.prune(now);
    let until: number | null = null;
    for (const e of this.entries.values()) {
      if (e.helpline === helpline && e.network === network) until = Math.max(until ?? 0, e.until);
    }
    return until;
  }

  list(helpline: string, now: number): ActiveBlock[] {
    this.prune(now);
    return [...this.entries.values()]
      .filter((e) => e.helpline === helpline)
      .map((e) => ({ id: e.id, until: e.until, by: e.byName, network: e.network !== null, resume: e.keptChat !== null }));
  }

  /** Removes a block of this helpline; what it barred, or null when there is none (expired, lifted, another helpline's). */
  lift(helpline: string, id: string): { keptChat: string | null } | null {
    const entry = this.entries.get(id);
    if (!entry || entry.helpline !== helpline || entry.until <= Date.now()) return null;
    this.entries.delete(id);
    return { keptChat: entry.keptChat };
  }

  /** The day's key changed: no hash in the list can match again. */
  clear(): void {
    this.entries = new Map();
  }

  private prune(now: number): void {
    for (const [id, e] of this.entries) if (e.until <= now) this.entries.delete(id);
  }
}
