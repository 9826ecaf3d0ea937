/** The Stats alarm: hours older than HOURLY_DAYS become local days, days past retention go, reports stay right. */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DashboardReport } from "../../schema/dashboard";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { HOURLY_DAYS, STATS_RETENTION_DAYS } from "../../schema/stats";
import { request } from "./helpers";
import { staffer } from "./staff-helpers";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
type Row = { metric: string; dimension: string; count: number };

/** The local date of a moment in a zone, worked out apart from the product's code. */
const localDate = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(at));

async function stored(stub: DurableObjectStub) {
  return runInDurableObject(stub, async (_obj, state) => {
    const sql = state.storage.sql;
    return {
      hours: sql.exec<Row & { hour: number }>("SELECT * FROM counters ORDER BY hour, metric, dimension").toArray(),
      days: sql.exec<Row & { day: string }>("SELECT * FROM day_counters ORDER BY day, metric, dimension").toArray(),
      alarm: await state.storage.getAlarm(),
    };
  });
}

/**
 * The product's clock held at the test's own `now`: the merge, the retention cut and the report then
 * work from the moment the expectations are computed from, even when a midnight (UTC or Amsterdam)
 * falls between the two.
 */
function pinClock(): number {
  const now = Date.now();
  vi.spyOn(Date, "now").mockReturnValue(now);
  return now;
}
afterEach(() => {
  vi.restoreAllMocks();
});

/** Totals per metric and dimension, whatever the bucket. */
function totals(rows: readonly Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[`${r.metric}:${r.dimension}`] = (out[`${r.metric}:${r.dimension}`] ?? 0) + r.count;
  return out;
}

describe("the Stats retention alarm", () => {
  it("merges whole old local days, keeps the totals, deletes days past retention, re-arms, and changes nothing when run again", async () => {
    // A Stats of its own; a helpline by that name does not exist, so its zone is the default's.
    const stub = env.STATS.getByName(`retention-${crypto.randomUUID()}`);
    const zone = DEFAULT_SETTINGS.timeZone;
    const now = pinClock();
    const dayStart = (daysAgo: number) => Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const seeds: [metric: "chat_offered" | "topic", dimension: string, at: number, times: number][] = [
      ["chat_offered", "", dayStart(20) + 10 * HOUR_MS, 3],
      // 23:00 UTC is already the next day in Amsterdam: it must merge into that local day.
      ["chat_offered", "", dayStart(20) + 23 * HOUR_MS, 2],
      ["topic", "other", dayStart(20) + 14 * HOUR_MS, 4],
      ["chat_offered", "", dayStart(700) + 12 * HOUR_MS, 5],
      ["chat_offered", "", dayStart(STATS_RETENTION_DAYS + 2) + 12 * HOUR_MS, 6],
      // The hour just before the cutoff: kept while its local day still has hours inside HOURLY_DAYS.
      ["chat_offered", "", now - HOURLY_DAYS * DAY_MS - HOUR_MS, 1],
      ["chat_offered", "", now - DAY_MS, 7],
    ];
    for (const [metric, dimension, at, times] of seeds) for (let i = 0; i < times; i++) await stub.increment(metric, dimension, at);

    const before = await stored(stub);
    expect(before.days).toEqual([]);
    // A count dated in the past arms the alarm no sooner than a day ahead.
    expect(before.alarm).toBeGreaterThanOrEqual(now + DAY_MS - 1000);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const after = await stored(stub);

    const cutoffHour = Math.floor((now - HOURLY_DAYS * DAY_MS) / HOUR_MS);
    const merged = (at: number) => localDate(at, zone) < localDate(cutoffHour * HOUR_MS, zone);
    const expired = (at: number) => localDate(at, zone) < new Date(now - STATS_RETENTION_DAYS * DAY_MS).toISOString().slice(0, 10);
    // Hour rows left: exactly the seeds whose local day is not whole past the cutoff.
    expect(after.hours.map((r) => r.hour).sort()).toEqual(
      seeds.filter(([, , at]) => !merged(at)).map(([, , at]) => Math.floor(at / HOUR_MS)).sort(),
    );
    expect(after.hours.every((r) => !merged(r.hour * HOUR_MS))).toBe(true);
    // Day rows: the local days, nothing past retention.
    const expectedDays: Record<string, number> = {};
    for (const [metric, dimension, at, times] of seeds) {
      if (!merged(at) || expired(at)) continue;
      const key = `${localDate(at, zone)} ${metric}:${dimension}`;
      expectedDays[key] = (expectedDays[key] ?? 0) + times;
    }
    expect(Object.fromEntries(after.days.map((r) => [`${r.day} ${r.metric}:${r.dimension}`, r.count]))).toEqual(expectedDays);
    expect(after.days.map((r) => r.day)).toContain(localDate(dayStart(20) + 23 * HOUR_MS, zone));
    expect(after.days.map((r) => r.day)).toContain(localDate(dayStart(700), zone));
    // Totals kept: everything before, less only what retention deleted.
    const deleted = seeds.filter(([, , at]) => expired(at)).reduce((sum, [, , , times]) => sum + times, 0);
    expect(deleted).toBe(6);
    const beforeTotals = totals(before.hours);
    beforeTotals["chat_offered:"] = (beforeTotals["chat_offered:"] ?? 0) - deleted;
    expect(totals([...after.hours, ...after.days])).toEqual(beforeTotals);
    // Re-armed for the earliest work left, in the future: the oldest hour's merge or the oldest day's deletion.
    expect(after.alarm).not.toBeNull();
    expect(after.alarm ?? 0).toBeGreaterThan(now);
    const oldestDay = after.days[0]?.day ?? "";
    expect(after.alarm).toBeLessThanOrEqual(Date.parse(oldestDay) + DAY_MS + STATS_RETENTION_DAYS * DAY_MS);

    // Alarms may run twice: the second run finds nothing to do.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stored(stub)).toEqual(after);
  });
});

describe("a report over merged days", () => {
  it("gives the same totals, weeks and categories as before the merge, the old days per weekday, says so, and still suppresses", async () => {
    // West's Stats: the dashboard reads a configured helpline's. Only days long past, which no other test counts.
    const stub = env.STATS.getByName("west");
    const now = pinClock();
    const dayStart = (daysAgo: number) => Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const seed = async (metric: "chat_offered" | "chat_answered" | "chat_abandoned_waiting" | "topic", daysAgo: number, times: number, dimension = "") => {
      for (let i = 0; i < times; i++) await stub.increment(metric, dimension, dayStart(daysAgo) + 11 * HOUR_MS);
    };
    await seed("chat_offered", 20, 12);
    await seed("chat_answered", 20, 11);
    await seed("topic", 20, 7, "sexual_exploitation");
    await seed("chat_offered", 21, 3);
    await seed("chat_abandoned_waiting", 21, 1);
    await seed("chat_offered", 12, 9);
    await seed("chat_answered", 12, 9);

    const coordinator = await staffer("coordinator", "Retention", ["west"]);
    const from = new Date(dayStart(21)).toISOString().slice(0, 10);
    const to = new Date(dayStart(12)).toISOString().slice(0, 10);
    const ask = async () => {
      const res = await request(`/api/dashboard?helpline=west&from=${from}&to=${to}`, { cookie: coordinator.cookie });
      expect(res.status).toBe(200);
      return res.json<DashboardReport>();
    };
    const hourly = await ask();
    expect(hourly.byDayUntil).toBeNull();
    expect(hourly.dayOnly).toEqual([0, 0, 0, 0, 0, 0, 0]);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const daily = await ask();
    for (const key of ["totals", "answerRate", "weeks", "topics", "outcomes", "wait", "duration", "channels"] as const) {
      expect(daily[key], key).toEqual(hourly[key]);
    }
    // 24 offered in truth; a total is shown within 2 of it (worker/suppress.ts).
    expect(Math.abs(Number(daily.totals.offered) - 24)).toBeLessThanOrEqual(2);
    // The old days are per day now, said so; the recent day keeps its hour.
    expect(daily.byDayUntil).toBe(new Date(dayStart(20)).toISOString().slice(0, 10));
    const weekday = (daysAgo: number) => (new Date(dayStart(daysAgo)).getUTCDay() + 6) % 7;
    expect(daily.dayOnly[weekday(20)]).toBe(10);
    expect(daily.dayOnly[weekday(21)]).toBe("<5");
    expect(daily.grid.flat().filter((v) => v !== 0)).toEqual([10]);
    expect(hourly.grid.flat().filter((v) => v !== 0)).toHaveLength(3);
    expect(daily.keptFrom).toBe(new Date(now - STATS_RETENTION_DAYS * DAY_MS).toISOString().slice(0, 10));

    const csv = await (await request(`/api/dashboard.csv?helpline=west&from=${from}&to=${to}`, { cookie: coordinator.cookie })).text();
    expect(csv).toContain(`range,counted_by_day_until,${daily.byDayUntil}\r\n`);
    for (const line of csv.trim().split("\r\n").slice(1)) expect(line).not.toMatch(/,[1-4]$/);
  });
});
