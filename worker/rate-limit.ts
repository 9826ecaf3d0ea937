/** Refuses a client that has tried too often (resume codes, tokens, chat starts, staff sign-ins, closed-page reports), with a typed 429 and Retry-After. */
import type { Context } from "hono";
import { type Tier, type TierPrefix, addressTiers, networkPrefix } from "./client-prefix";
import { type AppEnv, fail } from "./http";
import { logEvent } from "./log";
import { allow, forget, refund } from "./limiter-shards";
import { type Count, type Limited, WINDOW_MS } from "./rate-limiter";

/** Counts one attempt by this client (its network, see clientPrefix, or the counts given) and refuses it past any limit. */
export async function limit<E extends AppEnv>(c: Context<E>, what: Limited | readonly Count[]): Promise<void> {
  const counts = typeof what === "string" ? [{ what, key: clientPrefix(c) }] : what;
  const allowed = await allow(c.env, counts);
  const refusing = counts.find((_, i) => !allowed[i]);
  if (refusing) refuse(refusing.what);
}

/** The start limit's kind for each tier of an address, each with its own allowance (attemptsPerWindow). */
const START_LIMITS: Record<Tier, Limited> = { network: "start", site: "startSite", block: "startBlock" };

/** A chat start's counts: one for each tier of the client's address, so a wide prefix cannot start more by rotating. */
export function startCounts<E extends AppEnv>(c: Context<E>): Count[] {
  return clientTiers(c).map(({ tier, prefix }) => ({ what: START_LIMITS[tier], key: prefix }));
}

/**
 * A count that limitFailures takes: by default for this client. `strain` counts are never refused
 * for; past them the attempt is told it runs under strain (see the sign-in's global ceiling).
 */
export type FailureCount = { what: Limited; key?: string; strain?: true };

/**
 * For limits that count only failures, around one attempt: the attempts are taken up front (so many
 * at once cannot all slip through while a password hashes), and given back when it did not fail, or
 * when one of them refused it (nothing was tried).
 */
export async function limitFailures<E extends AppEnv, T>(
  c: Context<E>,
  what: Limited | FailureCount[],
  attempt: (failed: () => void, strained: boolean) => Promise<T>,
): Promise<T> {
  const wanted = typeof what === "string" ? [{ what }] : what;
  const counts: (Count & { strain?: true })[] = wanted.map((k) => ({ ...k, key: k.key ?? clientPrefix(c) }));
  const taken = counts.map(({ what, key }) => ({ what, key }));
  const allowed = await allow(c.env, taken);
  const refusing = counts.find((k, i) => !allowed[i] && !k.strain);
  if (refusing) {
    await refund(c.env, taken);
    refuse(refusing.what);
  }
  const strained = counts.some((k, i) => !allowed[i] && k.strain);
  let failure = false;
  try {
    return await attempt(() => {
      failure = true;
    }, strained);
  } finally {
    if (!failure) await refund(c.env, taken);
  }
}

/** Clears this client's counts on these limits (see RateLimiter.forget). */
export async function forgetFailures<E extends AppEnv>(c: Context<E>, counts: FailureCount[]): Promise<void> {
  await forget(c.env, counts.map((k) => ({ what: k.what, key: k.key ?? clientPrefix(c) })));
}

/**
 * Who the client is for every limit: the network of its address (an IPv6 /64, an IPv4 address).
 * Cloudflare sets CF-Connecting-IP; it is read here only to be handed to the RateLimiter, which
 * hashes it at once. X-Forwarded-For is client-controlled and never read. Without the header (local
 * tests) every client shares one bucket, which errs towards limiting.
 */
export function clientPrefix<E extends AppEnv>(c: Context<E>): string {
  return networkPrefix(c.req.header("cf-connecting-ip"));
}

/** Every tier of the client's address, its network first (client-prefix.ts), read as clientPrefix reads it. */
export function clientTiers<E extends AppEnv>(c: Context<E>): TierPrefix[] {
  return addressTiers(c.req.header("cf-connecting-ip"));
}

function refuse(what: Limited): never {
  // One event per kind, so a flood shows in the logs as what it is; no address, not even hashed.
  logEvent(`http.rate_limited_${what}`);
  const headers = { "retry-after": String(retryAfterSeconds(Date.now())) };
  fail(429, "rate_limited", `Too many attempts. Please wait ${WINDOW_MS / 60_000} minutes and try again.`, headers);
}

/** Seconds until the RateLimiter's current window ends and the client's attempts count from zero. */
export function retryAfterSeconds(now: number): number {
  return Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000));
}
