/**
 * The proof of work a chat start may have to carry (schema/start-challenge.ts). A network's first
 * starts cost nothing: a young person on a cheap phone must not wait. Only a client whose network, or
 * a wider tier of its address (client-prefix.ts: its /56 or /48, its IPv4 /24), keeps starting, or a
 * deployment that sees a flood, is asked for work, and the work grows with it.
 *
 * Everything lives in the RateLimiter's storage, so the escalation, a challenge and its single use
 * hold across idle periods and eviction: a tier is known only by the limiter's keyed hash of its
 * prefix under the day's key (worker/daily-key.ts), challenges are signed under that key too, and
 * spent challenges are remembered only until they expire. At midnight UTC the key goes, and with it
 * every demand and spent challenge (a challenge of yesterday no longer verifies anyway).
 * The network is part of what is signed, not of the challenge, so a challenge says nothing about
 * who asked, and one fetched from an idle network cannot pay for a start from a busy one.
 */
import { CHALLENGE_PATTERN, type ChallengeRefusal, leadingZeroBits, proofInput } from "../schema/start-challenge";
import { TIER_SHARE, type Tier, type TierKey } from "./client-prefix";
import { randomToken, timingSafeEqualText } from "./crypto";

export const START_GATE_SCHEMA = [
  // Per network hash (under the day's key), when it started: a free start, or a challenge issued to it.
  `CREATE TABLE start_demands (network TEXT NOT NULL, at INTEGER NOT NULL)`,
  `CREATE INDEX start_demands_network ON start_demands (network, at)`,
  `CREATE INDEX start_demands_at ON start_demands (at)`,
  // Nonces of challenges presented, until they expire: each works once.
  `CREATE TABLE spent_challenges (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`,
] as const;

/**
 * The wider tiers of each start's address, beside its network (appended: the RateLimiter's list ends
 * with these). One row per start, so the deployment's starts a minute are still its rows a minute.
 */
export const START_GATE_TIERS_SCHEMA = [
  `ALTER TABLE start_demands ADD COLUMN site TEXT`,
  `ALTER TABLE start_demands ADD COLUMN block TEXT`,
  `CREATE INDEX start_demands_site ON start_demands (site, at)`,
  `CREATE INDEX start_demands_block ON start_demands (block, at)`,
] as const;

/** Long enough for the slowest phone at the cap (BENCHMARKS.md), short enough that a hoard goes stale. */
export const CHALLENGE_TTL_MS = 2 * 60_000;
/** How far back a tier's starts count towards its difficulty. */
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
 * The difficulty one network asks after `recent` starts in the window: 0 for the first FREE_STARTS,
 * then FIRST_BITS rising by STEP_BITS a start (each bit doubles the work).
 */
function curve(recent: number): number {
  return recent < FREE_STARTS ? 0 : FIRST_BITS + STEP_BITS * (recent - FREE_STARTS);
}

/**
 * The difficulty of a start from a client whose tiers made these `recent` starts in the window: a tier
 * `share` clients wide (client-prefix.ts TIER_SHARE) asks what one network asks at 1/share of its
 * starts, and the dearest tier sets the price; at least FLOOD_BITS in a flood; never more than the cap.
 */
export function bitsFor(tiers: readonly { recent: number; share: number }[], flooded: boolean, maxBits: number): number {
  const own = Math.max(0, ...tiers.map(({ recent, share }) => curve(Math.floor(recent / share))));
  return Math.min(maxBits, Math.max(own, flooded ? FLOOD_BITS : 0));
}

/** Each tier's column in start_demands (the tier names are the column names; never text from a request). */
const COLUMN: Record<Tier, string> = { network: "network", site: "site", block: "block" };

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

  /** The difficulty a start from a client with these tiers faces now. */
  bits(tiers: readonly TierKey[], now: number): number {
    const recent = tiers.map(({ tier, key }) => ({
      recent: this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM start_demands WHERE ${COLUMN[tier]} = ? AND at > ?`, key, now - DEMAND_WINDOW_MS).one().n,
      share: TIER_SHARE[tier],
    }));
    const everyone = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM start_demands WHERE at > ?", now - MINUTE_MS).one().n;
    return bitsFor(recent, everyone >= this.limits.floodPerMinute, this.limits.maxBits);
  }

  /** A challenge at this client's difficulty; asking counts as a start, so hoarding challenges raises the price. */
  async issue(tiers: readonly TierKey[], now: number): Promise<Issued> {
    const bits = this.bits(tiers, now);
    this.count(tiers, now);
    const expiresAt = now + CHALLENGE_TTL_MS;
    const body = `${randomToken(128)}.${expiresAt}.${bits}`;
    return { challenge: `${body}.${await this.mac(body, network(tiers), now)}`, bits, expiresAt };
  }

  /**
   * Lets a start through, or says why not. Without a proof it passes (and counts) only while the
   * client's difficulty is 0. A proof must be a challenge this gate signed for this network, not
   * expired, not presented before, and solved to the bits it was issued with.
   */
  async pass(tiers: readonly TierKey[], proof: Proof | undefined, now: number): Promise<ChallengeRefusal | null> {
    if (!proof) {
      if (this.bits(tiers, now) > 0) return "challenge_required";
      this.count(tiers, now);
      return null;
    }
    const [, nonce = "", expires = "", bits = "", mac = ""] = CHALLENGE_PATTERN.exec(proof.challenge) ?? [];
    if (!timingSafeEqualText(mac, await this.mac(`${nonce}.${expires}.${bits}`, network(tiers), now))) return "challenge_invalid";
    const expiresAt = Number(expires);
    if (expiresAt <= now) return "challenge_expired";
    // Spent on presenting, right or wrong: a challenge gets one try.
    const fresh = this.sql.exec("INSERT INTO spent_challenges (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING RETURNING nonce", nonce, expiresAt).toArray();
    if (fresh.length === 0) return "challenge_spent";
    const digest = await crypto.subtle.digest("SHA-256", proofInput(proof.challenge, proof.counter));
    return leadingZeroBits(digest) >= Number(bits) ? null : "challenge_unsolved";
  }

  /** The day's key is gone: the demands' tier hashes mean nothing, and its challenges fail their MAC. */
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

  /** One row per start, with the hash of each of its tiers (a tier the address does not have stays null). */
  private count(tiers: readonly TierKey[], now: number): void {
    const tierKey = (tier: Tier) => tiers.find((t) => t.tier === tier)?.key ?? null;
    this.sql.exec("INSERT INTO start_demands (network, site, block, at) VALUES (?, ?, ?, ?)", network(tiers), tierKey("site"), tierKey("block"), now);
  }

  private mac(body: string, network: string, now: number): Promise<string> {
    return this.sign(`challenge ${body}|${network}`, now);
  }
}

/** The client's own network: what a challenge is bound to. */
function network(tiers: readonly TierKey[]): string {
  return tiers.find((t) => t.tier === "network")?.key ?? "";
}
