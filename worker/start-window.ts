/**
 * The starts a helpline's Desk saw in the last hour, to tell a flood from a busy evening: a
 * helpline-wide ceiling on starts per minute, a cap on self-declared urgency per network, and the
 * flood count the console shows. A network is known here only by the tag the start flow already has
 * from the RateLimiter (a keyed hash under that object's day's key, worker/daily-key.ts): the Desk
 * never sees an address and holds no key, and once the RateLimiter's key is deleted at midnight UTC no
 * tag here can be linked to an address. The starts are rows in the Desk's storage, so the ceiling, the
 * cap and the flood line hold for their time across idle periods and eviction; the Desk's alarm
 * deletes each an hour after it. A network's starts count afresh after midnight, as its tag changes.
 */
import { pruneAt } from "./prune-time";

export const START_WINDOW_SCHEMA = [
  `CREATE TABLE starts (at INTEGER NOT NULL, network TEXT NOT NULL, urgent_first INTEGER NOT NULL)`,
  `CREATE INDEX starts_at ON starts (at)`,
  `CREATE INDEX starts_network ON starts (network, at)`,
] as const;

/** The console shows a flood once one network started this many chats within FLOOD_MINUTES. */
export const FLOOD_SHOWN_AT = 5;
export const FLOOD_MINUTES = 10;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export type Admission = { admitted: false } | { admitted: true; urgentFirst: boolean };

export class StartWindow {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Counts a start from `network` (its tag) unless the helpline saw `perMinute` starts in the last
   * minute. An urgent start goes first unless its network already had `urgentFirstPerHour` that did.
   */
  admit(network: string, urgent: boolean, limits: { perMinute: number; urgentFirstPerHour: number }, now: number): Admission {
    const { perMinute, urgentFirstPerHour } = limits;
    if (this.count("at > ?", now - MINUTE_MS) >= perMinute) return { admitted: false };
    const urgentBefore = this.count("network = ? AND at > ? AND urgent_first = 1", network, now - HOUR_MS);
    const urgentFirst = urgent && urgentBefore < urgentFirstPerHour;
    this.sql.exec("INSERT INTO starts (at, network, urgent_first) VALUES (?, ?, ?)", now, network, urgentFirst ? 1 : 0);
    return { admitted: true, urgentFirst };
  }

  /** The most chats one network started in the last FLOOD_MINUTES, when that is a flood; else null. */
  flood(now: number): number | null {
    const most =
      this.sql
        .exec<{ n: number | null }>("SELECT max(n) AS n FROM (SELECT count(*) AS n FROM starts WHERE at > ? GROUP BY network)", now - FLOOD_MINUTES * MINUTE_MS)
        .one().n ?? 0;
    return most >= FLOOD_SHOWN_AT ? most : null;
  }

  /** Deletes the starts older than an hour. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM starts WHERE at <= ?", now - HOUR_MS);
  }

  /** When the alarm must next prune (worker/prune-time.ts), or null when no start is kept. */
  nextPrune(): number | null {
    const oldest = this.sql.exec<{ at: number | null }>("SELECT min(at) AS at FROM starts").one().at;
    return oldest === null ? null : pruneAt(oldest + HOUR_MS);
  }

  private count(where: string, ...values: (string | number)[]): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM starts WHERE ${where}`, ...values).one().n;
  }
}
