/**
 * What the Stats object counts. Only these categories exist: no ids, no text, no time finer than an
 * hour, so a count can never be traced back to one conversation.
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
