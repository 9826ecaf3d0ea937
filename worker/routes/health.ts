/**
 * Health: whether each Durable Object class answers, for uptime monitoring. It reports class names,
 * true or false and a duration only; a probe conversation is pinged by a fixed name and stores nothing.
 */
import { Hono } from "hono";
import { helplines } from "../helplines";
import type { AppEnv } from "../http";
import { logEvent } from "../log";
import { OUTREACH_OBJECT } from "../outreach";
import { LIMITER_OBJECTS } from "../limiter-shards";
import { RESUME_INDEX_OBJECT } from "../resume-index";

const PROBE_TIMEOUT_MS = 3000;

async function reachable(ping: () => Promise<true>): Promise<boolean> {
  const timeout = scheduler.wait(PROBE_TIMEOUT_MS).then(() => false as const);
  return Promise.race([ping().catch(() => false as const), timeout]);
}

export const healthRoutes = new Hono<AppEnv>().get("/api/health", async (c) => {
  const started = Date.now();
  const first = helplines(c.env)[0].id;
  const probes = {
    Conversation: () => c.env.CONVERSATION.getByName("health-probe").ping(),
    Desk: () => c.env.DESK.getByName(first).ping(),
    Staff: () => c.env.STAFF.getByName("staff").ping(),
    Stats: () => c.env.STATS.getByName(first).ping(),
    Outreach: () => c.env.OUTREACH.getByName(OUTREACH_OBJECT).ping(),
    RateLimiter: async () => {
      await Promise.all(LIMITER_OBJECTS.map((name) => c.env.RATE_LIMITER.getByName(name).ping()));
      return true as const;
    },
    ResumeIndex: () => c.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).ping(),
    Handoffs: () => c.env.HANDOFFS.getByName(first).ping(),
  };
  const results = await Promise.all(Object.values(probes).map(reachable));
  const objects = Object.fromEntries(Object.keys(probes).map((name, i) => [name, results[i] === true]));
  const ok = results.every(Boolean);
  logEvent("health", { ok, ms: Date.now() - started });
  return c.json({ ok, objects }, ok ? 200 : 503);
});
