/**
 * Turns the Stats object's counters into the dashboard report: totals, percentiles from the
 * histogram buckets, topics, outcomes, a weekday-by-hour grid, a weekly trend and outreach counts
 * per channel, all in the helpline's time zone and all through suppress.ts and linked.ts before
 * anything leaves the worker. Days older than HOURLY_DAYS have no hours left: their offered chats are
 * counted per weekday beside the grid, and every other figure counts them as before.
 */
import type { ChannelRow, DashboardReport, Percentiles } from "../schema/dashboard";
import { HISTOGRAM_BOUNDS, type Metric, OPEN_BUCKET, Outcome, type StoredCounts, Topic } from "../schema/stats";
import { ComeBack, Helped } from "../schema/survey";
import { type Family, type Link, publish } from "./linked";
import { DAY_MS, WEEKDAYS, addDays, isoDate, localizer, weekdayOf } from "./local-time";
import { safeguardingFigures, safeguardingRows } from "./report-safeguarding";
import { shown } from "./suppress";

/** The outreach counters per channel, in the order the page and the CSV list them. */
const INVITE_METRICS = {
  created: "invite_created",
  opened: "invite_opened",
  started: "invite_chat_started",
  answered: "invite_chat_answered",
} as const satisfies Record<Exclude<keyof ChannelRow, "channel">, Metric>;
/** Offered cells: the weekday-by-hour grid, then one per weekday for days kept by day only. */
const DAY_ONLY_CELL = 7 * 24;

function mondayOf(date: string, weekday: number): string {
  return new Date(Date.parse(date) - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** Median and 90th percentile from bucket counts, as the bucket's upper bound. */
function percentiles(buckets: Map<string, number>, threshold: number): Percentiles {
  const bounds = [...HISTOGRAM_BOUNDS.map(String), OPEN_BUCKET];
  const total = bounds.reduce((sum, b) => sum + (buckets.get(b) ?? 0), 0);
  const at = (p: number): { value: number | null; open: boolean } => {
    if (total < threshold) return { value: null, open: false };
    let seen = 0;
    for (const b of bounds) {
      seen += buckets.get(b) ?? 0;
      if (seen >= Math.ceil(p * total)) {
        return b === OPEN_BUCKET ? { value: HISTOGRAM_BOUNDS.at(-1) ?? null, open: true } : { value: Number(b), open: false };
      }
    }
    return { value: null, open: false };
  };
  const median = at(0.5);
  const p90 = at(0.9);
  return { median: median.value, p90: p90.value, medianOpen: median.open, p90Open: p90.open };
}

export function buildReport(stored: StoredCounts, from: string, to: string, timeZone: string, threshold: number): DashboardReport {
  const show = (count: number) => shown(count, threshold);
  const local = localizer(timeZone);
  const totals = new Map<Metric, number>();
  const byDimension = new Map<string, number>();
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const dayOnly = Array<number>(7).fill(0);
  const weeks = new Map<string, { answered: number; abandoned: number }>();
  const add = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

  /** One counter on a local date, in its hour of the day or, for a merged day, in none. */
  const tally = (row: { metric: Metric; dimension: string; count: number }, date: string, weekday: number, hour: number | null) => {
    if (date < from || date > to) return;
    add(totals, row.metric, row.count);
    add(byDimension, `${row.metric}:${row.dimension}`, row.count);
    // Offered chats are split by hour, answered and abandoned ones by week: never one count two ways.
    if (row.metric === "chat_offered") {
      const day = grid[weekday];
      if (hour === null) dayOnly[weekday] = (dayOnly[weekday] ?? 0) + row.count;
      else if (day) day[hour] = (day[hour] ?? 0) + row.count;
    }
    if (row.metric === "chat_answered" || row.metric === "chat_abandoned_waiting") {
      const monday = mondayOf(date, weekday);
      const week = weeks.get(monday) ?? { answered: 0, abandoned: 0 };
      if (row.metric === "chat_answered") week.answered += row.count;
      else week.abandoned += row.count;
      weeks.set(monday, week);
    }
  };
  for (const row of stored.hours) {
    const at = local(row.hour);
    tally(row, at.date, at.weekday, at.hour);
  }
  for (const row of stored.days) tally(row, row.day, weekdayOf(row.day), null);

  const weekList = [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b));
  const count = (metric: Metric, dimension: string) => byDimension.get(`${metric}:${dimension}`) ?? 0;
  const histogram = (metric: Metric) =>
    new Map([...byDimension].filter(([k]) => k.startsWith(`${metric}:`)).map(([k, n]) => [k.slice(metric.length + 1), n]));

  // Every count that bounds another goes through linked.ts together, so no bound pins a "<5".
  const channels = channelsOf(byDimension);
  const one = (n: number): Family => ({ cells: [n], total: false });
  const families: Record<string, Family> = {
    offered: { cells: [...grid.flat(), ...dayOnly], total: true },
    answered: { cells: weekList.map(([, w]) => w.answered), total: true },
    abandoned: { cells: weekList.map(([, w]) => w.abandoned), total: true },
    topics: { cells: Topic.options.map((t) => count("topic", t)), total: false },
    outcomes: { cells: Outcome.options.map((o) => count("outcome", o)), total: false },
    // Survey answers bound nothing else: a chat's end hands out at most one ticket, and most go unused.
    helped: { cells: Helped.options.map((a) => count("survey_helped", a)), total: false },
    again: { cells: ComeBack.options.map((a) => count("survey_again", a)), total: false },
  };
  const links: Link<string>[] = [
    { parent: "offered", children: ["answered", "abandoned"] },
    { parent: "answered", children: ["topics"] },
    { parent: "topics", children: ["outcomes"], equal: true },
    { parent: "offered", children: channels.map((c) => `started:${c}`) },
    { parent: "answered", children: channels.map((c) => `answered:${c}`) },
  ];
  links.push(...partialWeekLinks(from, to, weekList.map(([week]) => week)));
  for (const c of channels) {
    // Links made bound nothing (one link can be opened many times), so they are shown on their own.
    for (const key of ["opened", "started", "answered"] as const) families[`${key}:${c}`] = one(count(INVITE_METRICS[key], c));
    links.push({ parent: `opened:${c}`, children: [`started:${c}`] }, { parent: `started:${c}`, children: [`answered:${c}`] });
  }
  const published = publish(families, links, threshold);
  const cellsOf = (key: string) => published[key]?.cells ?? null;
  const totalOf = (key: string) => published[key]?.total ?? null;
  const single = (key: string) => cellsOf(key)?.[0] ?? null;

  const offered = totalOf("offered");
  const answered = totalOf("answered");
  // Percentiles need enough samples; whether there are is read from the shown counts, so that it
  // tells nothing they do not (every answered chat has one wait; ended ones at most one duration).
  const enough = (published.answered?.least ?? 0) >= threshold;
  const weekCells = { answered: cellsOf("answered"), abandoned: cellsOf("abandoned") };
  const categories = (key: string, values: readonly string[]) => {
    const cells = cellsOf(key);
    return Object.fromEntries(values.map((v, i) => [v, cells ? (cells[i] ?? 0) : null]));
  };

  return {
    from,
    to,
    timeZone,
    threshold,
    totals: {
      offered,
      answered,
      abandonedWaiting: totalOf("abandoned"),
      outsideHours: show(totals.get("chat_outside_hours") ?? 0),
      visitorsBlocked: show(totals.get("visitor_blocked") ?? 0),
    },
    // Made from the shown totals, not the true ones: an exact rate would give the exact counts away.
    answerRate:
      typeof offered === "number" && typeof answered === "number" && offered > 0 ? Math.min(100, Math.round((answered / offered) * 100)) : null,
    wait: percentiles(enough ? histogram("wait_seconds") : new Map(), threshold),
    duration: percentiles(enough ? histogram("chat_seconds") : new Map(), threshold),
    topics: categories("topics", Topic.options),
    outcomes: categories("outcomes", Outcome.options),
    survey: { helped: categories("helped", Helped.options), again: categories("again", ComeBack.options) },
    // The same values publish() gives the offered cells: it withholds only counts below another.
    grid: grid.map((day) => day.map(show)),
    dayOnly: dayOnly.map(show),
    byDayUntil: stored.hourlyFrom !== null && stored.hourlyFrom > from ? minDate(to, addDays(stored.hourlyFrom, -1)) : null,
    keptFrom: stored.keptFrom,
    weeks: weekList.map(([week], i) => ({ week, answered: weekCells.answered?.[i] ?? null, abandoned: weekCells.abandoned?.[i] ?? null })),
    channels: channels.map((channel) => ({
      channel,
      created: show(count(INVITE_METRICS.created, channel)),
      opened: single(`opened:${channel}`),
      started: single(`started:${channel}`),
      answered: single(`answered:${channel}`),
    })),
    safeguarding: safeguardingFigures({ count, show }),
    handoffs: Object.fromEntries(dimensionsOf(byDimension, "handoff").map((partner) => [partner, show(count("handoff", partner))])),
  };
}

/**
 * A week the range holds only some days of (its first and last) has its answered and abandoned
 * chats within the offered cells of those weekdays alone: a tighter bound than the total, checked too.
 */
function partialWeekLinks(from: string, to: string, weeks: readonly string[]): Link<string>[] {
  const days = new Map<string, number[]>();
  for (let at = Date.parse(from); at <= Date.parse(to); at += DAY_MS) {
    const weekday = weekdayOf(isoDate(at));
    const monday = new Date(at - weekday * DAY_MS).toISOString().slice(0, 10);
    days.set(monday, [...(days.get(monday) ?? []), weekday]);
  }
  const partial = weeks.map((week, i) => ({ i, weekdays: days.get(week) ?? [] })).filter((w) => w.weekdays.length < 7);
  // Each partial week alone, and the two together when the range has both.
  const groups = partial.length === 2 ? [...partial.map((w) => [w]), partial] : partial.length === 1 ? [partial] : [];
  return groups.map((group) => {
    const weekdays = new Set(group.flatMap((w) => w.weekdays));
    const cells = [...weekdays].flatMap((d) => [...Array.from({ length: 24 }, (_, h) => d * 24 + h), DAY_ONLY_CELL + d]);
    const weekCells = group.map((w) => w.i);
    return {
      parent: { family: "offered", cells },
      children: [{ family: "answered", cells: weekCells }, { family: "abandoned", cells: weekCells }],
    };
  });
}

/** Every channel that has any outreach count in the range, sorted by name. */
function channelsOf(byDimension: ReadonlyMap<string, number>): string[] {
  const metrics: readonly string[] = Object.values(INVITE_METRICS);
  const channels = new Set<string>();
  for (const key of byDimension.keys()) {
    const [metric = "", channel = ""] = key.split(/:(.*)/s);
    if (metrics.includes(metric)) channels.add(channel);
  }
  return [...channels].sort();
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
/** Every dimension one metric has a count in, sorted. */
function dimensionsOf(byDimension: ReadonlyMap<string, number>, metric: Metric): string[] {
  return [...byDimension.keys()].filter((k) => k.startsWith(`${metric}:`)).map((k) => k.slice(metric.length + 1)).sort();
}

/** The same report as CSV: one row per number, with the same suppressed values as the page. */
export function reportCsv(report: DashboardReport): string {
  const lines: (string | number | null)[][] = [["section", "key", "value"]];
  for (const [key, value] of Object.entries(report.totals)) lines.push(["total", key, value]);
  lines.push(["total", "answer_rate_percent", report.answerRate ?? ""]);
  for (const [name, p] of [["wait_seconds", report.wait], ["chat_seconds", report.duration]] as const) {
    lines.push([name, "median_at_most", p.median === null ? "" : `${p.medianOpen ? ">" : ""}${p.median}`]);
    lines.push([name, "p90_at_most", p.p90 === null ? "" : `${p.p90Open ? ">" : ""}${p.p90}`]);
  }
  for (const [key, value] of Object.entries(report.topics)) lines.push(["topic", key, value]);
  for (const [key, value] of Object.entries(report.outcomes)) lines.push(["outcome", key, value]);
  for (const [key, value] of Object.entries(report.survey.helped)) lines.push(["survey_helped", key, value]);
  for (const [key, value] of Object.entries(report.survey.again)) lines.push(["survey_come_back", key, value]);
  for (const [d, day] of report.grid.entries()) {
    for (const [h, value] of day.entries()) lines.push(["offered_by_hour", `${WEEKDAYS[d]} ${String(h).padStart(2, "0")}:00`, value]);
  }
  for (const [d, value] of report.dayOnly.entries()) lines.push(["offered_by_day_only", WEEKDAYS[d] ?? "", value]);
  lines.push(["range", "counted_by_day_until", report.byDayUntil ?? ""], ["range", "kept_from", report.keptFrom]);
  for (const w of report.weeks) {
    lines.push(["week_answered", w.week, w.answered]);
    lines.push(["week_abandoned_waiting", w.week, w.abandoned]);
  }
  for (const row of report.channels) {
    for (const key of Object.keys(INVITE_METRICS) as (keyof typeof INVITE_METRICS)[]) lines.push([`channel_${key}`, row.channel, row[key]]);
  }
  lines.push(...safeguardingRows(report.safeguarding));
  for (const [partner, value] of Object.entries(report.handoffs)) lines.push(["handoff", partner, value]);
  return `${lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** A withheld figure is written as such, never left out, so the export has the page's rows. */
function csvCell(value: string | number | null): string {
  const text = value === null ? "withheld" : String(value);
  // A leading = + - @ would make a spreadsheet run it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
