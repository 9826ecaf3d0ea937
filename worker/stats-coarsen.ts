/**
 * The Stats object's retention: hour rows older than HOURLY_DAYS are merged into day rows of the
 * helpline's local date, and day rows older than STATS_RETENTION_DAYS are deleted. Each run merges
 * and deletes in one transaction, so a run that repeats (alarms may) finds nothing left to do, and
 * totals are never counted twice or lost.
 */
import { HOURLY_DAYS, STATS_RETENTION_DAYS } from "../schema/stats";
import { DAY_MS, HOUR_MS, isoDate, localizer } from "./local-time";

const HOURLY_MS = HOURLY_DAYS * DAY_MS;
const RETENTION_MS = STATS_RETENTION_DAYS * DAY_MS;
/** A local day holds at most 25 UTC hour buckets (the day clocks go back); the hour's own bucket is one. */
const LONGEST_DAY_HOURS = 25;

/** The first date whose counts are kept at `now`. */
export const keptFrom = (now: number): string => isoDate(now - RETENTION_MS);

/**
 * When the hour bucket `hour` can be merged, at the latest: its whole local day is then older than
 * HOURLY_DAYS, whatever the zone. Without the zone this can be up to a day late, never early.
 */
const mergeDue = (hour: number): number => (hour + LONGEST_DAY_HOURS) * HOUR_MS + HOURLY_MS;

export function coarsen(storage: DurableObjectStorage, timeZone: string, now: number): void {
  const sql = storage.sql;
  const local = localizer(timeZone);
  const cutoffHour = Math.floor((now - HOURLY_MS) / HOUR_MS);
  // The day the cutoff falls in keeps its hours until all of them are past it: only whole days merge.
  const firstHourly = local(cutoffHour).date;
  storage.transactionSync(() => {
    const hours = sql
      .exec<{ hour: number }>("SELECT DISTINCT hour FROM counters WHERE hour < ?", cutoffHour)
      .toArray()
      .map((r) => r.hour)
      .filter((hour) => local(hour).date < firstHourly);
    for (const hour of hours) {
      sql.exec(
        `INSERT INTO day_counters (day, metric, dimension, count)
         SELECT ?, metric, dimension, count FROM counters WHERE hour = ?
         ON CONFLICT (day, metric, dimension) DO UPDATE SET count = count + excluded.count`,
        local(hour).date,
        hour,
      );
      sql.exec("DELETE FROM counters WHERE hour = ?", hour);
    }
    sql.exec("DELETE FROM day_counters WHERE day < ?", keptFrom(now));
  });
}

/** When the earliest work is due: the oldest hour's merge or the oldest day's deletion; null with no rows. */
export function nextWork(sql: SqlStorage): number | null {
  const { hour, day } = sql
    .exec<{ hour: number | null; day: string | null }>(
      "SELECT (SELECT MIN(hour) FROM counters) AS hour, (SELECT MIN(day) FROM day_counters) AS day",
    )
    .one();
  const due = [hour === null ? null : mergeDue(hour), day === null ? null : Date.parse(day) + DAY_MS + RETENTION_MS];
  const times = due.filter((t) => t !== null);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The first date whose hours are all kept: the day after the newest merged day. */
export function hourlyFrom(sql: SqlStorage): string | null {
  const { day } = sql.exec<{ day: string | null }>("SELECT MAX(day) AS day FROM day_counters").one();
  return day === null ? null : isoDate(Date.parse(day) + DAY_MS);
}
