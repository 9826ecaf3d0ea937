/**
 * Health: whether each Durable Object class answers, for uptime monitoring. It reports class names,
 * true or false and a duration only; a probe conversation is pinged by a fixed name and stores nothing.
 */
import { Hono } from "hono";
import { helplines } from "../helplines";
import type { AppEnv } from "../http";
import { logEvent } from "../log";
import { OUTREACH_OBJECT } from "../outreach";

const PROBE_TIMEOUT_MS = 3000;

async function reachable(ping: () => Promise<true>): Promise<boolean> {
  const timeout = scheduler.wait(PROBE_TIMEOUT_MS).then(() => false as const);
  return Promise.race([ping().catch(() => false as const), timeout]);
}

export const healthRoutes = new Hono<AppEnv>().get("/api/health", async (c) => {
  const started = Date.now();
  const first = helplines(c.env)[0]!.id;
  const [conversation, desk, staff, stats, outreach] = await Promise.all([
    reachable(() => c.env.CONVERSATION.getByName("health-probe").ping()),
    reachable(() => c.env.DESK.getByName(first).ping()),
    reachable(() => c.env.STAFF.getByName("staff").ping()),
    reachable(() => c.env.STATS.getByName(first).ping()),
    reachable(() => c.env.OUTREACH.getByName(OUTREACH_OBJECT).ping()),
  ]);
  const objects = { Conversation: conversation, Desk: desk, Staff: staff, Stats: stats, Outreach: outreach };
  const ok = Object.values(objects).every(Boolean);
  logEvent("health", { ok, ms: Date.now() - started });
  return c.json({ ok, objects }, ok ? 200 : 503);
});
