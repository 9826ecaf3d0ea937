/**
 * The starts a helpline's Desk saw in the last hour, in memory only, to tell a flood from a busy
 * evening: a helpline-wide ceiling on starts per minute, a cap on self-declared urgency per network,
 * and the flood count the console shows. A network is known only by an HMAC of its prefix under a
 * key made fresh each UTC day that never leaves memory; the prefix itself is never kept. Eviction
 * forgets everything, which errs towards letting visitors in and putting them first.
 */

/** The console shows a flood once one network started this many chats within FLOOD_MINUTES. */
export const FLOOD_SHOWN_AT = 5;
export const FLOOD_MINUTES = 10;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

type Start = { at: number; network: string; urgent: boolean };

export type Admission = { admitted: false } | { admitted: true; urgentFirst: boolean };

export class StartWindow {
  private starts: Start[] = [];
  private day = "";
  private key: Promise<CryptoKey> | null = null;

  /**
   * Counts a start from `prefix` unless the helpline saw `perMinute` starts in the last minute.
   * An urgent start goes first unless its network already had `urgentFirstPerHour` that did.
   */
  async admit(prefix: string, urgent: boolean, limits: { perMinute: number; urgentFirstPerHour: number }, now: number): Promise<Admission> {
    const { perMinute, urgentFirstPerHour } = limits;
    this.forget(now);
    if (this.starts.filter((s) => now - s.at < MINUTE_MS).length >= perMinute) return { admitted: false };
    const network = await this.hash(prefix, now);
    const urgentBefore = this.starts.filter((s) => s.network === network && s.urgent).length;
    const urgentFirst = urgent && urgentBefore < urgentFirstPerHour;
    this.starts.push({ at: now, network, urgent: urgentFirst });
    return { admitted: true, urgentFirst };
  }

  /** The most chats one network started in the last FLOOD_MINUTES, when that is a flood; else null. */
  flood(now: number): number | null {
    const perNetwork = new Map<string, number>();
    for (const s of this.starts) if (now - s.at < FLOOD_MINUTES * MINUTE_MS) perNetwork.set(s.network, (perNetwork.get(s.network) ?? 0) + 1);
    const most = Math.max(0, ...perNetwork.values());
    return most >= FLOOD_SHOWN_AT ? most : null;
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
