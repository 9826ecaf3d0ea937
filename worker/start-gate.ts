/**
 * The proof of work a chat start may have to carry (schema/start-challenge.ts). A network's first
 * starts cost nothing: a young person on a cheap phone must not wait. Only a client whose network, or
 * a wider tier of its address (client-prefix.ts: its /56 or /48, its IPv4 /24), keeps starting, or a
 * deployment that sees a flood, is asked for work, and the work grows with it.
 *
 * Everything lives in the RateLimiter's memory: a tier is known only by the limiter's keyed hash
 * of its prefix, challenges are signed with an HMAC key that never leaves memory, and spent challenges
 * are remembered only until they expire. Eviction forgets it all, which errs towards letting visitors in.
 * The network is part of what is signed, not of the challenge, so a challenge says nothing about
 * who asked, and one fetched from an idle network cannot pay for a start from a busy one.
 */
import { CHALLENGE_PATTERN, type ChallengeRefusal, leadingZeroBits, proofInput } from "../schema/start-challenge";
import { TIER_SHARE, type Tier } from "./client-prefix";
import { base64url, randomToken, timingSafeEqualText } from "./crypto";

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

/** A tier of the client's address as the gate knows it: by its keyed hash. The first is the client's network. */
export type GateTier = { tier: Tier; key: string };

export type Issued = { challenge: string; bits: number; expiresAt: number };
export type Proof = { challenge: string; counter: number };

export class StartGate {
  private readonly key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
  /** Per tier hash, when a client in it started (a free start, or a challenge issued to it) within the window. */
  private demands = new Map<string, number[]>();
  /** When any network started within the last minute: the flood signal. */
  private everyone: number[] = [];
  /** Nonces of challenges presented, until they expire: each works once. */
  private spent = new Map<string, number>();
  private swept = 0;

  constructor(private readonly limits: GateLimits) {}

  /** The difficulty a start from a client with these tiers faces now. */
  bits(tiers: readonly GateTier[], now: number): number {
    this.sweep(now);
    const recent = tiers.map(({ tier, key }) => ({ recent: this.recent(key, now).length, share: TIER_SHARE[tier] }));
    return bitsFor(recent, this.everyone.length >= this.limits.floodPerMinute, this.limits.maxBits);
  }

  /** A challenge at this client's difficulty; asking counts as a start, so hoarding challenges raises the price. */
  async issue(tiers: readonly GateTier[], now: number): Promise<Issued> {
    const bits = this.bits(tiers, now);
    this.count(tiers, now);
    const expiresAt = now + CHALLENGE_TTL_MS;
    const body = `${randomToken(128)}.${expiresAt}.${bits}`;
    return { challenge: `${body}.${await this.mac(body, network(tiers))}`, bits, expiresAt };
  }

  /**
   * Lets a start through, or says why not. Without a proof it passes (and counts) only while the
   * client's difficulty is 0. A proof must be a challenge this gate signed for this network, not
   * expired, not presented before, and solved to the bits it was issued with.
   */
  async pass(tiers: readonly GateTier[], proof: Proof | undefined, now: number): Promise<ChallengeRefusal | null> {
    if (!proof) {
      if (this.bits(tiers, now) > 0) return "challenge_required";
      this.count(tiers, now);
      return null;
    }
    this.sweep(now);
    const [, nonce = "", expires = "", bits = "", mac = ""] = CHALLENGE_PATTERN.exec(proof.challenge) ?? [];
    if (!timingSafeEqualText(mac, await this.mac(`${nonce}.${expires}.${bits}`, network(tiers)))) return "challenge_invalid";
    const expiresAt = Number(expires);
    if (expiresAt <= now) return "challenge_expired";
    if (this.spent.has(nonce)) return "challenge_spent";
    // Spent on presenting, right or wrong: a challenge gets one try.
    this.spent.set(nonce, expiresAt);
    const digest = await crypto.subtle.digest("SHA-256", proofInput(proof.challenge, proof.counter));
    return leadingZeroBits(digest) >= Number(bits) ? null : "challenge_unsolved";
  }

  private recent(key: string, now: number): number[] {
    return (this.demands.get(key) ?? []).filter((t) => now - t < DEMAND_WINDOW_MS);
  }

  private count(tiers: readonly GateTier[], now: number): void {
    for (const { key } of tiers) this.demands.set(key, [...this.recent(key, now), now]);
    this.everyone.push(now);
  }

  /** Drops what no longer counts: the last minute's starts on every call, the rest once a minute (a flood of networks must not make each call walk them all). */
  private sweep(now: number): void {
    while (this.everyone.length && now - (this.everyone[0] ?? now) >= MINUTE_MS) this.everyone.shift();
    if (now - this.swept < MINUTE_MS) return;
    this.swept = now;
    for (const [network, times] of this.demands) if (!times.some((t) => now - t < DEMAND_WINDOW_MS)) this.demands.delete(network);
    for (const [nonce, expiresAt] of this.spent) if (expiresAt <= now) this.spent.delete(nonce);
  }

  private async mac(body: string, network: string): Promise<string> {
    const signed = await crypto.subtle.sign("HMAC", await this.key, new TextEncoder().encode(`${body}|${network}`));
    return base64url(new Uint8Array(signed));
  }
}

/** The client's own network, which a challenge is bound to. */
function network(tiers: readonly GateTier[]): string {
  return tiers[0]?.key ?? "";
}
