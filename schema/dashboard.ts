/**
 * The coordinator dashboard: the query and the report. Every count in a report has already been
 * through suppression (worker/suppress.ts), so the page and the CSV show exactly the same values.
 */
import * as z from "zod/mini";

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"));
/** At most a year and a bit per report: enough for an annual report, bounded for the object. */
export const MAX_RANGE_DAYS = 400;

export const DashboardQuery = z.object({ from: date, to: date });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** A shown count: a number rounded to a multiple of 5, 0, or "<T" for 1 to T-1 (T: the helpline's threshold). */
export const Shown = z.union([z.number(), z.string()]);
export type Shown = z.infer<typeof Shown>;

/** A shown count, or null where it is withheld: beside the others it could have pinned a "<5" (worker/linked.ts). */
export const Figure = z.nullable(Shown);
export type Figure = z.infer<typeof Figure>;

export const Percentiles = z.object({
  /** Upper bound, in seconds, of the bucket holding the median and the 90th percentile; null if
   *  there are too few samples to say without pointing at someone. */
  median: z.nullable(z.number()),
  p90: z.nullable(z.number()),
  /** True when the value lies in the open top bucket: "more than" the bound. */
  medianOpen: z.boolean(),
  p90Open: z.boolean(),
});
export type Percentiles = z.infer<typeof Percentiles>;

/** Answered and abandoned-while-waiting chats in the week starting on Monday `week`. */
export const WeekRow = z.object({ week: date, answered: Figure, abandoned: Figure });
export type WeekRow = z.infer<typeof WeekRow>;

/** Outreach links made for one channel, opened, chats started through them, and of those answered. */
export const ChannelRow = z.object({ channel: z.string(), created: Shown, opened: Figure, started: Figure, answered: Figure });
export type ChannelRow = z.infer<typeof ChannelRow>;

export const DashboardReport = z.object({
  from: date,
  to: date,
  timeZone: z.string(),
  threshold: z.int(),
  totals: z.object({ offered: Figure, answered: Figure, abandonedWaiting: Figure, outsideHours: Shown, visitorsBlocked: Shown }),
  /** Whole percent, or null when a count it is made from is suppressed. */
  answerRate: z.nullable(z.number()),
  wait: Percentiles,
  duration: Percentiles,
  topics: z.record(z.string(), Figure),
  outcomes: z.record(z.string(), Figure),
  /** Chats offered by weekday (0 = Monday) and local hour: grid[day][hour]. */
  grid: z.array(z.array(Shown)),
  /** Chats offered by weekday on days whose hours are no longer kept (see byDayUntil): in no grid cell. */
  dayOnly: z.array(Shown),
  /** The range's days up to this date are kept by day only (older than HOURLY_DAYS); null when none are. */
  byDayUntil: z.nullable(date),
  /** Counts of days before this date are deleted (STATS_RETENTION_DAYS): a range reaching back further shows none for them. */
  keptFrom: date,
  weeks: z.array(WeekRow),
  /** Answers to the survey after a chat, per answer (schema/survey.ts): counts only. */
  survey: z.object({ helped: z.record(z.string(), Figure), again: z.record(z.string(), Figure) }),
  /** One row per outreach channel with any count in the range, by channel name. */
  channels: z.array(ChannelRow),
  /** "Someone is watching" signals, escalations per reason, urgent chats that waited past the alert time. */
  safeguarding: z.object({ watched: Shown, escalations: z.record(z.string(), Shown), urgentWaitAlerts: Shown }),
  /** Warm handoffs the visitors agreed to, per care partner id (a chat may have more than one, so they bound nothing). */
  handoffs: z.record(z.string(), Shown),
});
export type DashboardReport = z.infer<typeof DashboardReport>;
