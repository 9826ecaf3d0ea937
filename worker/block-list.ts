/**
 * The blocks in force, as rows in the RateLimiter's storage beside the day's key their network hashes
 * were made with (worker/daily-key.ts), so a block holds across idle periods and eviction until its
 * end. When the key goes (midnight UTC) the hashes go with it: a block on a network alone is deleted,
 * one that also bars a kept chat's resume keeps only that (the chat's id, so a supervisor's lift can
 * reach it) until its end. The chat keeps its own expiry, so it ends on time either way.
 */
import type { ActiveBlock } from "../schema/block";
import { randomToken } from "./crypto";

export const BLOCKS_SCHEMA = [
  `CREATE TABLE blocks (
     id TEXT PRIMARY KEY,
     helpline TEXT NOT NULL,
     network TEXT,
     ends_at INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     kept_chat TEXT
   )`,
  `CREATE INDEX blocks_network ON blocks (network)`,
] as const;

export type NewBlock = {
  helpline: string;
  /** The network's keyed hash under the current key, or null when only the kept chat is barred. */
  network: string | null;
  until: number;
  byName: string;
  /** The kept chat whose resume is barred too, for the lift; null for a chat not kept. */
  keptChat: string | null;
};

type Row = { id: string; network: string | null; ends_at: number; by_name: string; kept_chat: string | null };

/** A bound on storage: far above what a helpline blocks in a day. */
const MAX_BLOCKS = 10_000;

export class BlockList {
  constructor(private readonly sql: SqlStorage) {}

  add(block: NewBlock): string {
    const count = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM blocks").one().n;
    if (count >= MAX_BLOCKS) this.sql.exec("DELETE FROM blocks WHERE id IN (SELECT id FROM blocks ORDER BY ends_at LIMIT ?)", count - MAX_BLOCKS + 1);
    const id = randomToken(128);
    this.sql.exec(
      "INSERT INTO blocks (id, helpline, network, ends_at, by_name, kept_chat) VALUES (?, ?, ?, ?, ?, ?)",
      id,
      block.helpline,
      block.network,
      block.until,
      block.byName,
      block.keptChat,
    );
    return id;
  }

  /** When the latest block on this network at this helpline ends, or null when none holds. */
  blockedUntil(helpline: string, network: string, now: number): number | null {
    return this.sql
      .exec<{ until: number | null }>("SELECT max(ends_at) AS until FROM blocks WHERE network = ? AND helpline = ? AND ends_at > ?", network, helpline, now)
      .one().until;
  }

  list(helpline: string, now: number): ActiveBlock[] {
    return this.sql
      .exec<Row>("SELECT id, network, ends_at, by_name, kept_chat FROM blocks WHERE helpline = ? AND ends_at > ? ORDER BY ends_at", helpline, now)
      .toArray()
      .map((r) => ({ id: r.id, until: r.ends_at, by: r.by_name, network: r.network !== null, resume: r.kept_chat !== null }));
  }

  /** Removes a block of this helpline; what it barred, or null when there is none (expired, lifted, another helpline's). */
  lift(helpline: string, id: string, now: number): { keptChat: string | null } | null {
    const row = this.sql
      .exec<Pick<Row, "kept_chat">>("DELETE FROM blocks WHERE id = ? AND helpline = ? AND ends_at > ? RETURNING kept_chat", id, helpline, now)
      .toArray()[0];
    return row ? { keptChat: row.kept_chat } : null;
  }

  /** The day's key is gone: no network hash can match again, so none is kept. */
  retire(): void {
    this.sql.exec("DELETE FROM blocks WHERE kept_chat IS NULL");
    this.sql.exec("UPDATE blocks SET network = NULL WHERE network IS NOT NULL");
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM blocks WHERE ends_at <= ?", now);
  }

  /** When the next block ends, or null when none is kept. */
  nextEnd(): number | null {
    return this.sql.exec<{ at: number | null }>("SELECT min(ends_at) AS at FROM blocks").one().at;
  }
}
