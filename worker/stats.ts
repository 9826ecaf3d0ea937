/**
 * Stats: one Durable Object per helpline that keeps aggregate counters only. Each row is a metric,
 * a dimension and an hour, or after HOURLY_DAYS a local day (worker/stats-coarsen.ts); nothing links
 * a count to a conversation or a person. Durations are kept as histogram buckets (the dimension is
 * the bucket), never as one value per chat.
 */
import { JurisdictionObject } from "./jurisdiction";
import { type CounterRow, type DayCounterRow, type Metric, type StoredCounts, bucketOf } from "../schema/stats";
import { DAY_MS, HOUR_MS, hourRange } from "./local-time";
import { migrate } from "./migrate";
import { coarsen, hourlyFrom, keptFrom, nextWork } from "./stats-coarsen";

const SCHEMA = [
  `CREATE TABLE counters (
     hour INTEGER NOT NULL,
     metric TEXT NOT NULL,
     dimension TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (hour, metric, dimension)
   )`,
  `CREATE TABLE day_counters (
     day TEXT NOT NULL,
     metric TEXT NOT NULL,
     dimension TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, metric, dimension)
   )`,
] as const;

/** One count for Stats.add: a metric in a dimension (a topic, a channel, a histogram bucket, or ""). */
export type Increment = { metric: Metric; dimension: string };

export class Stats extends JurisdictionObject {
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
    await this.add([{ metric, dimension }], at);
  }

  /**
   * Adds one to each counter (a metric named twice gets two) in the hour of `at`, in one transaction:
   * counts that bound each other are stored together or not at all (worker/stats-events.ts).
   */
  async add(counts: readonly Increment[], at = Date.now()): Promise<void> {
    const hour = Math.floor(at / HOUR_MS);
    this.ctx.storage.transactionSync(() => {
      for (const { metric, dimension } of counts) {
        this.ctx.storage.sql.exec(
          `INSERT INTO counters (hour, metric, dimension, count) VALUES (?, ?, ?, 1)
           ON CONFLICT (hour, metric, dimension) DO UPDATE SET count = count + 1`,
          hour,
          metric,
          dimension,
        );
      }
    });
    await this.arm();
  }

  /** Counts a duration in its histogram bucket; the seconds themselves are not kept. */
  async observe(metric: "wait_seconds" | "chat_seconds", seconds: number, at = Date.now()): Promise<void> {
    await this.increment(metric, bucketOf(seconds), at);
  }

  /** Every counter that can hold the local dates from..to: hour rows, day rows, and how far each reaches. */
  async counts(from: string, to: string): Promise<StoredCounts> {
    const sql = this.ctx.storage.sql;
    const { fromHour, toHour } = hourRange(from, to);
    return {
      hours: sql.exec<CounterRow>("SELECT hour, metric, dimension, count FROM counters WHERE hour >= ? AND hour < ? ORDER BY hour", fromHour, toHour).toArray(),
      days: sql.exec<DayCounterRow>("SELECT day, metric, dimension, count FROM day_counters WHERE day >= ? AND day <= ? ORDER BY day", from, to).toArray(),
      hourlyFrom: hourlyFrom(sql),
      keptFrom: keptFrom(Date.now()),
    };
  }

  /** Merges hours older than HOURLY_DAYS into days and deletes days past retention, then re-arms for the next. */
  override async alarm(): Promise<void> {
    const { timeZone } = await this.env.DESK.getByName(this.helpline).settings();
    coarsen(this.ctx.storage, timeZone, Date.now());
    const next = nextWork(this.ctx.storage.sql);
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /**
   * One alarm, for the earliest work. A count arms it no sooner than a day ahead: merging is never
   * urgent, and a count dated in the past (a clock, a test) then waits for the next run like the rest.
   */
  private async arm(): Promise<void> {
    const work = nextWork(this.ctx.storage.sql);
    if (work === null) return;
    const due = Math.max(work, Date.now() + DAY_MS);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || due < current) await this.ctx.storage.setAlarm(due);
  }

  /** Stats are named after their helpline, whose time zone decides which local day an hour belongs to. */
  private get helpline(): string {
    const name = this.ctx.id.name;
    if (name === undefined) throw new Error("A Stats object must be named after its helpline.");
    return name;
  }
}
