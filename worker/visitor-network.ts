/**
 * A visitor's network at a start or a resume: barred while a counsellor's block on it holds at this
 * helpline (the route answers a typed 403 `blocked`); otherwise its keyed hash, for the chat to remember.
 */
import { fail } from "./http";
import { logEvent } from "./log";
import { VISITORS_OBJECT } from "./limiter-shards";
import type { TierKey, TierPrefix } from "./client-prefix";

export const BLOCKED_MESSAGE = "You cannot chat here for a while. See the alternatives.";

/**
 * `client`: the tiers of the request's address (rate-limit.ts clientTiers), hashed by the RateLimiter
 * at once. `tag` is its network's, for a block; `tiers` the tag of each tier, for the Desk's start window.
 */
export async function admitNetwork(env: Env, helpline: string, client: TierPrefix[]): Promise<{ tag: string; tiers: TierKey[] } | { blockedUntil: number }> {
  const { tag, tiers, blockedUntil } = await env.RATE_LIMITER.getByName(VISITORS_OBJECT).visitorNetwork(helpline, client);
  return blockedUntil === null ? { tag, tiers } : { blockedUntil };
}

export function refuseBlocked(helpline: string, until: number): never {
  logEvent("chat.refused_blocked", {}, helpline);
  fail(403, "blocked", BLOCKED_MESSAGE, { "retry-after": String(Math.max(1, Math.ceil((until - Date.now()) / 1000))) });
}
