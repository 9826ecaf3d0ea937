/**
 * The proof of work a chat start may have to carry (schema/start-challenge.ts). A network's first
 * starts cost nothing: a young person on a cheap phone must not wait. Only a network that keeps
 * starting, or a deployment that sees a flood, is asked for work, and the work grows with it.
 *
 * Everything lives in the RateLimiter's memory: a network is known only by the limiter's keyed hash
 * of its prefix, challenges are signed with an HMAC key that never leaves memory, and spent challenges
 * are remembered only until they expire. Eviction forgets it all, which errs towards letting visitors in.
 * The network is part of what is signed, not of the challenge, so a challenge says nothing about
 * who asked, and one fetched from an idle network cannot pay for a start from a busy one.
 */
import { CHALLENGE_PATTERN, type ChallengeRefusal, leadingZeroBits, proofInput } from "../schema/start-challenge";
import { base64url, randomToken, timingSafeEqualText } from "./crypto";

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

export class StartGate {
  private readonly key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
  /** Per network hash, when it started (a free start, or a challenge issued to it) within the window. */
  private demands = new Map<string, number[]>();
  /** When any network started within the last minute: the flood signal. */
  private everyone: number[] = [];
  /** Nonces of challenges presented, until they expire: each works once. */
  private spent = new Map<string, number>();
  private swept = 0;

  constructor(private readonly limits: GateLimits) {}

  /** The difficulty a start from `network` faces now. */
  bits(network: string, now: number): number {
    this.sweep(now);
    return bitsFor(this.recent(network, now).length, this.everyone.length >= this.limits.floodPerMinute, this.limits.maxBits);
  }

  /** A challenge at this network's difficulty; asking counts as a start, so hoarding challenges raises the price. */
  async issue(network: string, now: number): Promise<Issued> {
    const bits = this.bits(network, now);
    this.count(network, now);
    const expiresAt = now + CHALLENGE_TTL_MS;
    const body = `${randomToken(128)}.${expiresAt}.${bits}`;
    return { challenge: `${body}.${await this.mac(body, network)}`, bits, expiresAt };
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
    this.sweep(now);
    const [, nonce = "", expires = "", bits = "", mac = ""] = CHALLENGE_PATTERN.exec(proof.challenge) ?? [];
    if (!timingSafeEqualText(mac, await this.mac(`${nonce}.${expires}.${bits}`, network))) return "challenge_invalid";
    const expiresAt = Number(expires);
    if (expiresAt <= now) return "challenge_expired";
    if (this.spent.has(nonce)) return "challenge_spent";
    // Spent on presenting, right or wrong: a challenge gets one try.
    this.spent.set(nonce, expiresAt);
    const digest = await crypto.subtle.digest("SHA-256", proofInput(proof.challenge, proof.counter));
    return leadingZeroBits(digest) >= Number(bits) ? null : "challenge_unsolved";
  }

  private recent(network: string, now: number): number[] {
    return (this.demands.get(network) ?? []).filter((t) => now - t < DEMAND_WINDOW_MS);
  }

  private count(network: string, now: number): void {
    this.demands.set(network, [...this.recent(network, now), now]);
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
