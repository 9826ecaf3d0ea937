/**
 * The proof of work a chat start may have to carry (schema/start-challenge.ts). A network's first
 * starts cost nothing: a young person on a cheap phone must not wait. Only a network that keeps
 * starting, or a deployment that sees a flood, is asked for work, and the work grows with it.
 *
 * Everything lives in the RateLimiter's storage, so the escalation, a challenge and its single use
 * hold across idle periods and eviction: a network is known only by the limiter's keyed hash of its
 * prefix under the day's key (worker/daily-key.ts), challenges are signed under that key too, and
 * spent challenges are remembered only until they expire. At midnight UTC the key goes, and with it
 * every demand and spent challenge (a challenge of yesterday no longer verifies anyway).
 * The network is part of what is signed, not of the challenge, so a challenge says nothing about
 * who asked, and one fetched from an idle network cannot pay for a start from a busy one.
 */
import { CHALLENGE_PATTERN, type ChallengeRefusal, leadingZeroBits, proofInput } from "../schema/start-challenge";
import { randomToken, timingSafeEqualText } from "./crypto";

export const START_GATE_SCHEMA = [
  // Per network hash (under the day's key), when it started: a free start, or a challenge issued to it.
  `CREATE TABLE start_demands (network TEXT NOT NULL, at INTEGER NOT NULL)`,
  `CREATE INDEX start_demands_network ON start_demands (network, at)`,
  `CREATE INDEX start_demands_at ON start_demands (at)`,
  // Nonces of challenges presented, until they expire: each works once.
  `CREATE TABLE spent_challenges (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`,
] as const;

/** Long enough for the slowest phone at the cap (BENCHMARKS.md), short enough that a hoard goes stale. */
export const CHALLENGE_TTL_MS = 2 * 60_000;
/** How far back a network's starts count towards its difficulty. */
export const DEMAND_WINDOW_MS = 10 * 60_000;
const MINUTE_MS = 60_000;

/** Starts per DEMAND_WINDOW_MS a network makes without any work: a first start and one retry. */
export const FREE_STARTS = 2;
/** The first start that is not free costs this much; each further one STEP_BITS more, up to the cap. */
export const FIRST_BITS = 8;
export const STEP_BITS = 2;
/** What every start costs (at least) while the deployment sees a flood. */
export const FLOOD_BITS = 10;

export type GateLimits = {
  /** The most work ever asked (START_WORK_MAX_BITS): bounds the slowest phone's wait; 0 turns the gate off. */
  maxBits: number;
  /** Starts per minute, from every network, above which every start costs at least FLOOD_BITS. */
  floodPerMinute: number;
};

/**
 * The difficulty of a start from a network that made `recent` starts in the window: 0 for the first
 * FREE_STARTS, then FIRST_BITS rising by STEP_BITS a start (each bit doubles the work), at least
 * FLOOD_BITS in a flood, never more than the cap.
 */
export function bitsFor(recent: number, flooded: boolean, maxBits: number): number {
  const own = recent < FREE_STARTS ? 0 : FIRST_BITS + STEP_BITS * (recent - FREE_STARTS);
  return Math.min(maxBits, Math.max(own, flooded ? FLOOD_BITS : 0));
}

export type Issued = { challenge: string; bits: number; expiresAt: number };
export type Proof = { challenge: string; counter: number };

/** Signs a challenge's text under the RateLimiter's day key (worker/daily-key.ts). */
export type Sign = (text: string, now: number) => Promise<string>;

export class StartGate {
  constructor(
    private readonly sql: SqlStorage,
    private readonly sign: Sign,
    private readonly limits: GateLimits,
  ) {}

  /** The difficulty a start from `network` faces now. */
  bits(network: string, now: number): number {
    const recent = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM start_demands WHERE network = ? AND at > ?", network, now - DEMAND_WINDOW_MS).one().n;
    const everyone = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM start_demands WHERE at > ?", now - MINUTE_MS).one().n;
    return bitsFor(recent, everyone >= this.limits.floodPerMinute, this.limits.maxBits);
  }

  /** A challenge at this network's difficulty; asking counts as a start, so hoarding challenges raises the price. */
  async issue(network: string, now: number): Promise<Issued> {
    const bits = this.bits(network, now);
    this.count(network, now);
    const expiresAt = now + CHALLENGE_TTL_MS;
    const body = `${randomToken(128)}.${expiresAt}.${bits}`;
    return { challenge: `${body}.${await this.mac(body, network, now)}`, bits, expiresAt };
  }

  /**
   * Lets a start through, or says why not. Without a proof it passes (and counts) only while the
   * network's difficulty is 0. A proof must be a challenge this gate signed for this network, not
   * expired, not presented before, and solved to the bits it was issued with.
   */
  async pass(network: string, proof: Proof | undefined, now: number): Promise<ChallengeRefusal | null> {
    if (!proof) {
      if (this.bits(network, now) > 0) return "challenge_required";
      this.count(network, now);
      return null;
    }
    const [, nonce = "", expires = "", bits = "", mac = ""] = CHALLENGE_PATTERN.exec(proof.challenge) ?? [];
    if (!timingSafeEqualText(mac, await this.mac(`${nonce}.${expires}.${bits}`, network, now))) return "challenge_invalid";
    const expiresAt = Number(expires);
    if (expiresAt <= now) return "challenge_expired";
    // Spent on presenting, right or wrong: a challenge gets one try.
    const fresh = this.sql.exec("INSERT INTO spent_challenges (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING RETURNING nonce", nonce, expiresAt).toArray();
    if (fresh.length === 0) return "challenge_spent";
    const digest = await crypto.subtle.digest("SHA-256", proofInput(proof.challenge, proof.counter));
    return leadingZeroBits(digest) >= Number(bits) ? null : "challenge_unsolved";
  }

  /** The day's key is gone: the demands' network hashes mean nothing, and its challenges fail their MAC. */
  retire(): void {
    this.sql.exec("DELETE FROM start_demands");
    this.sql.exec("DELETE FROM spent_challenges");
  }

  /** Drops what no longer counts: demands older than the window, challenges past their expiry. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM start_demands WHERE at <= ?", now - DEMAND_WINDOW_MS);
    this.sql.exec("DELETE FROM spent_challenges WHERE expires_at <= ?", now);
  }

  /** When the oldest kept row stops counting, or null when none is kept. */
  nextExpiry(): number | null {
    const demand = this.sql.exec<{ at: number | null }>("SELECT min(at) AS at FROM start_demands").one().at;
    const spent = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM spent_challenges").one().at;
    const due = [demand === null ? null : demand + DEMAND_WINDOW_MS, spent].filter((d) => d !== null);
    return due.length === 0 ? null : Math.min(...due);
  }

  private count(network: string, now: number): void {
    this.sql.exec("INSERT INTO start_demands (network, at) VALUES (?, ?)", network, now);
  }

  private mac(body: string, network: string, now: number): Promise<string> {
    return this.sign(`challenge ${body}|${network}`, now);
  }
}
