/**
 * How many attempts each client made in the current fixed window, one row per limit and client (the
 * client's keyed hash under the day's key, worker/daily-key.ts), so a limit holds for its window across
 * idle periods and eviction. Counting is one upsert. Windows are aligned to the epoch and divide a day,
 * so none spans the key's change at midnight; the alarm deletes a window's rows once it has passed.
 */

export const ATTEMPT_COUNTS_SCHEMA = [
  `CREATE TABLE attempts (
     id TEXT PRIMARY KEY,
     window_start INTEGER NOT NULL,
     used INTEGER NOT NULL
   )`,
  `CREATE INDEX attempts_window ON attempts (window_start)`,
] as const;

export class AttemptCounts {
  constructor(
    private readonly sql: SqlStorage,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt for `id` in the window of `now`; how many it has used there now. */
  take(id: string, now: number): number {
    return this.sql
      .exec<{ used: number }>(
        `INSERT INTO attempts (id, window_start, used) VALUES (?, ?, 1)
         ON CONFLICT (id) DO UPDATE SET used = CASE WHEN window_start = excluded.window_start THEN used + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING used`,
        id,
        this.windowStart(now),
      )
      .one().used;
  }

  /** Gives one attempt back, within the window it was taken in. */
  refund(id: string, now: number): void {
    this.sql.exec("UPDATE attempts SET used = used - 1 WHERE id = ? AND window_start = ? AND used > 0", id, this.windowStart(now));
  }

  forget(id: string): void {
    this.sql.exec("DELETE FROM attempts WHERE id = ?", id);
  }

  /** The day's key is gone: its hashes will never be counted again. */
  retire(): void {
    this.sql.exec("DELETE FROM attempts");
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM attempts WHERE window_start < ?", this.windowStart(now));
  }

  /** When the oldest kept window ends, or null when none is kept. */
  nextExpiry(): number | null {
    const start = this.sql.exec<{ at: number | null }>("SELECT min(window_start) AS at FROM attempts").one().at;
    return start === null ? null : start + this.windowMs;
  }

  /** When the window of `now` ends. */
  windowEnd(now: number): number {
    return this.windowStart(now) + this.windowMs;
  }

  private windowStart(now: number): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }
}
