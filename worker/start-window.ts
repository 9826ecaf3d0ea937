/**
 * The starts a helpline's Desk saw in the last hour, to tell a flood from a busy evening: a
 * helpline-wide ceiling on starts per minute, a cap on self-declared urgency per tier of the client's
 * address (client-prefix.ts: its network, its /56, its /48 or IPv4 /24), and the flood count the
 * console shows. A tier is known here only by the tag the start flow already has from the RateLimiter
 * (a keyed hash under that object's day's key, worker/daily-key.ts): the Desk never sees an address
 * and holds no key, and once the RateLimiter's key is deleted at midnight UTC no tag here can be linked
 * to an address. The starts are rows in the Desk's storage, so the ceiling, the cap and the flood line
 * hold for their time across idle periods and eviction; the Desk's alarm deletes each an hour after
 * it. A tier's starts count afresh after midnight, as its tag changes.
 */
import { FLOOD_MINUTES, FLOOD_SHOWN_PER_MINUTE } from "../schema/desk";
import type { Tier, TierKey } from "./client-prefix";
import { pruneAt } from "./prune-time";

export const START_WINDOW_SCHEMA = [
  `CREATE TABLE starts (at INTEGER NOT NULL, network TEXT NOT NULL, urgent_first INTEGER NOT NULL)`,
  `CREATE INDEX starts_at ON starts (at)`,
  `CREATE INDEX starts_network ON starts (network, at)`,
] as const;

/** The wider tiers of each start's address, beside its network (appended: the Desk's list ends with these). */
export const START_WINDOW_TIERS_SCHEMA = [
  `ALTER TABLE starts ADD COLUMN site TEXT`,
  `ALTER TABLE starts ADD COLUMN block TEXT`,
  `CREATE INDEX starts_site ON starts (site, at)`,
  `CREATE INDEX starts_block ON starts (block, at)`,
] as const;

/** Each tier's column in starts (the tier names are the column names; never text from a request). */
const COLUMN: Record<Tier, string> = { network: "network", site: "site", block: "block" };

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export type Admission = { admitted: false } | { admitted: true; urgentFirst: boolean };

/**
 * Whether an urgent start goes first, given how many of its address's tiers' starts already did this
 * hour: only while every tier is under the cap. Every tier gets the same few, however wide: going first
 * is what a flood wants most and each one costs a real visitor in danger a place, while the first few
 * from a flooding /48 cannot be told from real ones. Past the cap a start still shows as in danger.
 */
export function goesFirst(urgentBeforePerTier: readonly number[], urgentFirstPerHour: number): boolean {
  return urgentBeforePerTier.every((before) => before < urgentFirstPerHour);
}

/** The most of these times that fall within any one minute. */
export function busiestMinute(unordered: readonly number[]): number {
  const times = [...unordered].sort((a, b) => a - b);
  let most = 0;
  let from = 0;
  for (const [to, at] of times.entries()) {
    while (at - (times[from] ?? at) >= MINUTE_MS) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

export class StartWindow {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Counts a start from a client with these tiers (by their tags) unless the helpline saw `perMinute`
   * starts in the last minute. An urgent start goes first unless one of its tiers already had
   * `urgentFirstPerHour` that did.
   */
  admit(tiers: readonly TierKey[], urgent: boolean, limits: { perMinute: number; urgentFirstPerHour: number }, now: number): Admission {
    const { perMinute, urgentFirstPerHour } = limits;
    if (this.count("at > ?", now - MINUTE_MS) >= perMinute) return { admitted: false };
    const urgentBefore = tiers.map(({ tier, key }) => this.count(`${COLUMN[tier]} = ? AND at > ? AND urgent_first = 1`, key, now - HOUR_MS));
    const urgentFirst = urgent && goesFirst(urgentBefore, urgentFirstPerHour);
    const of = (tier: Tier) => tiers.find((t) => t.tier === tier)?.key ?? null;
    this.sql.exec("INSERT INTO starts (at, network, site, block, urgent_first) VALUES (?, ?, ?, ?, ?)", now, of("network") ?? "", of("site"), of("block"), urgentFirst ? 1 : 0);
    return { admitted: true, urgentFirst };
  }

  /** The most starts the helpline took in one minute over the last FLOOD_MINUTES, when that is a flood; else null. */
  flood(now: number): number | null {
    const since = now - FLOOD_MINUTES * MINUTE_MS;
    const most = busiestMinute(this.sql.exec<{ at: number }>("SELECT at FROM starts WHERE at > ?", since).toArray().map((r) => r.at));
    return most >= FLOOD_SHOWN_PER_MINUTE ? most : null;
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
