/**
 * The starts a helpline's Desk saw in the last hour, in memory only, to tell a flood from a busy
 * evening: a helpline-wide ceiling on starts per minute, a cap on self-declared urgency per tier of
 * the client's address (client-prefix.ts), and the flood count the console shows. A tier is known only
 * by an HMAC of its prefix under a key made fresh each UTC day that never leaves memory; the prefix
 * itself is never kept. Eviction forgets everything, which errs towards letting visitors in and
 * putting them first.
 */
import type { TierPrefix } from "./client-prefix";

/** The console shows a flood once the helpline took this many starts within one minute, from every network together. */
export const FLOOD_SHOWN_PER_MINUTE = 10;
/** How far back the console's flood line looks for its busiest minute. */
export const FLOOD_MINUTES = 10;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** `networks`: the keyed hashes of every tier of the client's address. */
type Start = { at: number; networks: string[]; urgent: boolean };

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
  private starts: Start[] = [];
  private day = "";
  private key: Promise<CryptoKey> | null = null;

  /**
   * Counts a start from a client with these tiers unless the helpline saw `perMinute` starts in the
   * last minute. An urgent start goes first unless one of its tiers already had `urgentFirstPerHour` that did.
   */
  async admit(tiers: readonly TierPrefix[], urgent: boolean, limits: { perMinute: number; urgentFirstPerHour: number }, now: number): Promise<Admission> {
    const { perMinute, urgentFirstPerHour } = limits;
    this.forget(now);
    if (this.starts.filter((s) => now - s.at < MINUTE_MS).length >= perMinute) return { admitted: false };
    const networks = await Promise.all(tiers.map((t) => this.hash(t.prefix, now)));
    const urgentBefore = networks.map((network) => this.starts.filter((s) => s.urgent && s.networks.includes(network)).length);
    const urgentFirst = urgent && goesFirst(urgentBefore, urgentFirstPerHour);
    this.starts.push({ at: now, networks, urgent: urgentFirst });
    return { admitted: true, urgentFirst };
  }

  /** The most starts the helpline took in one minute over the last FLOOD_MINUTES, when that is a flood; else null. */
  flood(now: number): number | null {
    const most = busiestMinute(this.starts.filter((s) => now - s.at < FLOOD_MINUTES * MINUTE_MS).map((s) => s.at));
    return most >= FLOOD_SHOWN_PER_MINUTE ? most : null;
  }

  private forget(now: number): void {
    this.starts = this.starts.filter((s) => now - s.at < HOUR_MS);
  }

  private async hash(prefix: string, now: number): Promise<string> {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day || !this.key) {
      this.day = day;
      // Yesterday's hashes mean nothing under today's key, so the old starts go with it.
      this.starts = [];
      this.key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
    }
    const mac = await crypto.subtle.sign("HMAC", await this.key, new TextEncoder().encode(prefix));
    return btoa(String.fromCharCode(...new Uint8Array(mac)));
  }
}
