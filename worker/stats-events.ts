/**
 * Every event the dashboard counts, one function each, and the only place the Stats object is told
 * anything: grep a metric's name to find where it is counted, and the function's name to find what
 * makes it happen. A counting failure is logged and never breaks the chat it counts.
 *
 * Counts that bound each other (linked.ts) go to Stats in one call, stored together or not at all: an
 * offer and its outreach start, an answer with its wait and its outreach answer, a topic with its
 * outcome. That an answer follows only a counted offer, and a counted categorisation only a counted
 * answer, is the Desk's to keep: its chat record says what was counted of each chat (desk-chats.ts,
 * owed-categorisations.ts).
 */
import type { EscalationReason } from "../schema/safeguarding";
import { type Metric, type Outcome, type Topic, bucketOf } from "../schema/stats";
import type { ComeBack, Helped } from "../schema/survey";
import { logError } from "./log";
import type { Increment } from "./stats";

/** True when Stats stored the counts; false (logged) when it could not be reached. */
async function count(env: Env, helpline: string, counts: readonly Increment[]): Promise<boolean> {
  if (counts.length === 0) return true;
  try {
    await env.STATS.getByName(helpline).add(counts);
    return true;
  } catch (error) {
    logError("stats.count_failed", error);
    return false;
  }
}

const one = (metric: Metric, dimension = ""): Increment => ({ metric, dimension });
const channelOf = (metric: Metric, channel: string | null): Increment[] => (channel === null ? [] : [one(metric, channel)]);

/** A chat entered the queue (the Desk, as it takes the chat in): offered, and started through a link when it came through one. */
export function chatOffered(env: Env, helpline: string, channel: string | null): Promise<boolean> {
  return count(env, helpline, [one("chat_offered"), ...channelOf("invite_chat_started", channel)]);
}

/** A counsellor took a chat counted offered, after it waited `waitSeconds`. */
export function chatAnswered(env: Env, helpline: string, waitSeconds: number, channel: string | null): Promise<boolean> {
  return count(env, helpline, [one("chat_answered"), one("wait_seconds", bucketOf(waitSeconds)), ...channelOf("invite_chat_answered", channel)]);
}

/** A chat counted offered and never answered left the queue. */
export function chatAbandonedWaiting(env: Env, helpline: string): Promise<boolean> {
  return count(env, helpline, [one("chat_abandoned_waiting")]);
}

/** A chat counted answered ended after `chatSeconds` with a counsellor. */
export function answeredChatEnded(env: Env, helpline: string, chatSeconds: number): Promise<boolean> {
  return count(env, helpline, [one("chat_seconds", bucketOf(chatSeconds))]);
}

/** A counsellor categorised a chat counted answered: its topic and outcome, two splits of the same chats. */
export function chatCategorised(env: Env, helpline: string, topic: Topic, outcome: Outcome): Promise<boolean> {
  return count(env, helpline, [one("topic", topic), one("outcome", outcome)]);
}

/** A visitor tried to chat while the helpline was closed (a start, or the closed page's report). */
export function triedOutsideHours(env: Env, helpline: string): Promise<boolean> {
  return count(env, helpline, [one("chat_outside_hours")]);
}

export function inviteCreated(env: Env, helpline: string, channel: string): Promise<boolean> {
  return count(env, helpline, [one("invite_created", channel)]);
}

export function inviteOpened(env: Env, helpline: string, channel: string): Promise<boolean> {
  return count(env, helpline, [one("invite_opened", channel)]);
}

/** A chat's visitor raised the "someone is watching" signal: once per chat, however often it is raised. */
export function watchedSignal(env: Env, helpline: string): Promise<boolean> {
  return count(env, helpline, [one("watched_signal")]);
}

export function escalated(env: Env, helpline: string, reason: EscalationReason): Promise<boolean> {
  return count(env, helpline, [one("escalation", reason)]);
}

/** Supervisors were alerted to `alerts` urgent chats that waited too long, each once. */
export function urgentWaitAlerts(env: Env, helpline: string, alerts: number): Promise<boolean> {
  return count(env, helpline, Array.from({ length: alerts }, () => one("urgent_wait_alert")));
}

export function visitorBlocked(env: Env, helpline: string): Promise<boolean> {
  return count(env, helpline, [one("visitor_blocked")]);
}

/** One survey's answers; either question may be left open. */
export function surveyAnswered(env: Env, helpline: string, answers: { helped?: Helped | undefined; again?: ComeBack | undefined }): Promise<boolean> {
  const { helped, again } = answers;
  return count(env, helpline, [...(helped ? [one("survey_helped", helped)] : []), ...(again ? [one("survey_again", again)] : [])]);
}

/** The visitor agreed to a warm handoff to this care partner. */
export function handoffAgreed(env: Env, helpline: string, partnerId: string): Promise<boolean> {
  return count(env, helpline, [one("handoff", partnerId)]);
}
