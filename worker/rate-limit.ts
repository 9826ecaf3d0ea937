/** Refuses a client that has tried too many resume codes or tokens, or started too many chats, with a typed 429. */
import type { Context } from "hono";
import { DEFAULT_HELPLINE } from "../schema/helpline";
import { type AppEnv, fail } from "./http";
import { logEvent } from "./log";
import { type Limited, WINDOW_MS } from "./rate-limiter";

/**
 * Cloudflare sets CF-Connecting-IP; it is read here only to be handed to the RateLimiter, which
 * hashes it at once. X-Forwarded-For is client-controlled and never read. Without the header (local
 * tests) every client shares one bucket, which errs towards limiting.
 */
export async function limit<E extends AppEnv>(c: Context<E>, what: Limited): Promise<void> {
  const address = c.req.header("cf-connecting-ip") ?? "unknown";
  const allowed = await c.env.RATE_LIMITER.getByName(DEFAULT_HELPLINE).allow(address, what);
  if (!allowed) {
    // One event per kind, so a flood shows in the logs as what it is; no address, not even hashed.
    logEvent(`http.rate_limited_${what}`);
    fail(429, "rate_limited", `Too many attempts. Please wait ${WINDOW_MS / 60_000} minutes and try again.`);
  }
}
