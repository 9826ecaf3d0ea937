/**
 * Stats: one Durable Object per helpline that keeps aggregate counters only. Each row is a metric,
 * a dimension and an hour; nothing links a count to a conversation or a person. Durations are kept
 * as histogram buckets (the dimension is the bucket), never as one value per chat.
 */
import { DurableObject } from "cloudflare:workers";
import { type CounterRow, type Metric, bucketOf } from "../schema/stats";
import { migrate } from "./migrate";

const SCHEMA = [
  `CREATE TABLE counters (
     hour INTEGER NOT NULL,
     metric TEXT NOT NULL,
     dimension TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (hour, metric, dimension)
   )`,
] as const;

const HOUR_MS = 60 * 60 * 1000;

export class Stats extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Adds one to a counter in the hour of `at`. The time is truncated here, before it is stored. */
  async increment(metric: Metric, dimension = "", at = Date.now()): Promise<void> {
    this.ctx.storage.sql.exec(
      `INSERT INTO counters (hour, metric, dimension, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (hour, metric, dimension) DO UPDATE SET count = count + 1`,
      Math.floor(at / HOUR_MS),
      metric,
      dimension,
    );
  }

  /** Counts a duration in its histogram bucket; the seconds themselves are not kept. */
  async observe(metric: "wait_seconds" | "chat_seconds", seconds: number, at = Date.now()): Promise<void> {
    await this.increment(metric, bucketOf(seconds), at);
  }

  /** A counsellor took a chat after it waited `waitSeconds`. */
  async chatAnswered(waitSeconds: number): Promise<void> {
    await this.increment("chat_answered");
    await this.observe("wait_seconds", waitSeconds);
  }

  /** A chat left the Desk: still waiting (abandoned before anyone took it) or after a conversation. */
  async chatEnded(ended: { waiting: true } | { waiting: false; chatSeconds: number }): Promise<void> {
    if (ended.waiting) await this.increment("chat_abandoned_waiting");
    else await this.observe("chat_seconds", ended.chatSeconds);
  }

  /** Every counter in the hour buckets fromHour (inclusive) to toHour (exclusive). */
  async rows(fromHour: number, toHour: number): Promise<CounterRow[]> {
    return this.ctx.storage.sql
      .exec<CounterRow>(
        "SELECT hour, metric, dimension, count FROM counters WHERE hour >= ? AND hour < ? ORDER BY hour",
        fromHour,
        toHour,
      )
      .toArray();
  }
}
