/**
 * What the Stats object counts. Only these categories exist: no ids, no text, no time finer than an
 * hour (and after HOURLY_DAYS, nothing finer than a day), so a count can never be traced back to one
 * conversation.
 */
import * as z from "zod/mini";

export const Topic = z.enum([
  "sexual_exploitation",
  "criminal_exploitation",
  "labour_exploitation",
  "loverboy_grooming",
  "online_sextortion",
  "other",
]);
export type Topic = z.infer<typeof Topic>;

export const Outcome = z.enum([
  "information_given",
  "referred_to_care",
  "referred_to_police",
  "follow_up_agreed",
  "ended_by_visitor",
  "no_contact",
]);
export type Outcome = z.infer<typeof Outcome>;

/** A counter: what happened, in which dimension (e.g. a topic), in which hour. */
export const Metric = z.enum([
  "chat_offered",
  "chat_answered",
  "chat_abandoned_waiting",
  "chat_outside_hours",
  "topic",
  "outcome",
  // Outreach links, per channel: made, opened, chats started through one, of those answered.
  "invite_created",
  "invite_opened",
  "invite_chat_started",
  "invite_chat_answered",
  // Safeguarding: the visitor's "someone is watching" signals, escalations per reason, urgent chats
  // that waited past the helpline's alert time.
  "watched_signal",
  "escalation",
  "urgent_wait_alert",
  /** Visitors blocked by a counsellor (schema/block.ts). */
  "visitor_blocked",
  /** Survey answers after a chat: the dimension is the answer (schema/survey.ts), never the chat. */
  "survey_helped",
  "survey_again",
  /** Warm handoffs the visitor agreed to; the dimension is the care partner's id. */
  "handoff",
  /** Histograms: the dimension is the bucket (HISTOGRAM_BOUNDS), never the value itself. */
  "wait_seconds",
  "chat_seconds",
]);
export type Metric = z.infer<typeof Metric>;

export const Categorisation = z.strictObject({ topic: Topic, outcome: Outcome });
export type Categorisation = z.infer<typeof Categorisation>;

/** Upper bounds (seconds) of the histogram buckets for waits and chat durations; the last is open. */
export const HISTOGRAM_BOUNDS = [15, 30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200] as const;
export const OPEN_BUCKET = "inf";

/** The bucket a duration falls into: the first bound it does not exceed. */
export function bucketOf(seconds: number): string {
  const bound = HISTOGRAM_BOUNDS.find((b) => seconds <= b);
  return bound === undefined ? OPEN_BUCKET : String(bound);
}

/** One stored counter as the Stats object returns it. */
export type CounterRow = { hour: number; metric: Metric; dimension: string; count: number };

/**
 * Hour detail is kept this many days; older hours are merged into days. At low volume an hour row can
 * be one chat, and its hour is what someone who knew of a chat would look for. Two weeks covers what
 * hours are for (planning next week's rota from the last ones); the annual and trend reports need days
 * only. A fixed constant rather than a helpline setting, because the privacy page promises it.
 */
export const HOURLY_DAYS = 14;
/** Day counters are deleted after this many days: two years, a year's report beside the year before. */
export const STATS_RETENTION_DAYS = 730;

/** A merged counter: a whole local day, in the helpline's time zone when it was merged. */
export type DayCounterRow = { day: string; metric: Metric; dimension: string; count: number };

/** What the Stats object holds for a report: hour rows, day rows, and how far each reaches. */
export type StoredCounts = {
  hours: CounterRow[];
  days: DayCounterRow[];
  /** The first date whose hours are all still kept: every day before it with any count was merged. */
  hourlyFrom: string | null;
  /** Counts of days before this date are deleted. */
  keptFrom: string;
};
