/**
 * Health: whether each Durable Object class answers, for uptime monitoring. It reports class names,
 * true or false and a duration only; a probe conversation is pinged by a fixed name and stores nothing.
 */
import { Hono } from "hono";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { AppEnv } from "../http";
import { logEvent } from "../log";

const PROBE_TIMEOUT_MS = 3000;

async function reachable(ping: () => Promise<true>): Promise<boolean> {
  const timeout = scheduler.wait(PROBE_TIMEOUT_MS).then(() => false as const);
  return Promise.race([ping().catch(() => false as const), timeout]);
}

export const healthRoutes = new Hono<AppEnv>().get("/api/health", async (c) => {
  const started = Date.now();
  const [conversation, desk, staff, stats, outreach] = await Promise.all([
    reachable(() => c.env.CONVERSATION.getByName("health-probe").ping()),
    reachable(() => c.env.DESK.getByName(DEFAULT_HELPLINE).ping()),
    reachable(() => c.env.STAFF.getByName("staff").ping()),
    reachable(() => c.env.STATS.getByName(DEFAULT_HELPLINE).ping()),
    reachable(() => c.env.OUTREACH.getByName(DEFAULT_HELPLINE).ping()),
  ]);
  const objects = { Conversation: conversation, Desk: desk, Staff: staff, Stats: stats, Outreach: outreach };
  const ok = Object.values(objects).every(Boolean);
  logEvent("health", { ok, ms: Date.now() - started });
  return c.json({ ok, objects }, ok ? 200 : 503);
});
