/**
 * Stats: one Durable Object per helpline that keeps aggregate counters only. Each row is a metric,
 * a dimension and an hour; nothing links a count to a conversation or a person.
 */
import { DurableObject } from "cloudflare:workers";
import type { Metric } from "../schema/stats";
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
}
