/**
 * A visitor's network at a start or a resume: refused with a typed 403 `blocked` while a counsellor's
 * block on it holds at this helpline; otherwise its keyed hash, for the chat to remember.
 */
import type { Context } from "hono";
import { type AppEnv, fail } from "./http";
import { logEvent } from "./log";
import { clientPrefix } from "./rate-limit";
import { VISITORS_OBJECT } from "./limiter-shards";

export const BLOCKED_MESSAGE = "You cannot chat here for a while. See the alternatives.";

export async function admitNetwork<E extends AppEnv>(c: Context<E>, helpline: string): Promise<string> {
  const { tag, blockedUntil } = await c.env.RATE_LIMITER.getByName(VISITORS_OBJECT).visitorNetwork(helpline, clientPrefix(c));
  if (blockedUntil !== null) refuseBlocked(helpline, blockedUntil);
  return tag;
}

export function refuseBlocked(helpline: string, until: number): never {
  logEvent("chat.refused_blocked", {}, helpline);
  fail(403, "blocked", BLOCKED_MESSAGE, { "retry-after": String(Math.max(1, Math.ceil((until - Date.now()) / 1000))) });
}
