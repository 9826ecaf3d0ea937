/**
 * Counsellor wellbeing: what a counsellor has been exposed to this shift, when to suggest a break, the
 * team's load as a supervisor sees it, and a request for a debrief. Counts and times only: no chat id,
 * no text, no topic of any one chat.
 */
import * as z from "zod/mini";
import { Topic } from "./stats";

/**
 * A shift is one stretch at the console: it starts when a counsellor's console connects after none of
 * theirs has been connected for this long. Not midnight in the helpline's time zone, because evening
 * shifts run past midnight and would be cut in two; not each login, because a reload or a lost network
 * is no new shift. Four hours is longer than any break and shorter than the rest between two shifts.
 */
export const SHIFT_GAP_MS = 4 * 60 * 60 * 1000;

export const WellbeingSettings = z.object({
  /** Topics (from the end categorisation) that count as heavy: a chat ended with one is a heavy chat. */
  heavyTopics: z.array(Topic).check(z.maxLength(Topic.options.length)),
  /** Suggest a break after a heavy chat (until the counsellor next takes one). */
  nudgeAfterHeavy: z.boolean(),
  /** Suggest a break after this many minutes at the console without one; null: never. */
  nudgeAfterMinutes: z.nullable(z.int().check(z.gte(15), z.lte(480))),
});
export type WellbeingSettings = z.infer<typeof WellbeingSettings>;

/** Sexual exploitation in any of its forms: the chats helplines like Fier find weigh most on counsellors. */
export const DEFAULT_WELLBEING: WellbeingSettings = {
  heavyTopics: ["sexual_exploitation", "loverboy_grooming", "online_sextortion"],
  nudgeAfterHeavy: true,
  nudgeAfterMinutes: 90,
};

/** One counsellor's shift so far. Times are epoch ms; `breakAt` is when the last break ended (or the
 *  shift began), null while they are on a break (status away). */
export const Exposure = z.object({
  shiftStartedAt: z.number(),
  chats: z.int(),
  chatMinutes: z.int(),
  heavyChats: z.int(),
  lastHeavyAt: z.nullable(z.number()),
  breakAt: z.nullable(z.number()),
});
export type Exposure = z.infer<typeof Exposure>;

/** A colleague's load as a supervisor sees it: a name and numbers, no chat and no content. */
export const TeamLoad = z.object({
  displayName: z.string(),
  /** A console of theirs is connected now (else they left less than SHIFT_GAP_MS ago). */
  online: z.boolean(),
  openChats: z.int(),
  chats: z.int(),
  chatMinutes: z.int(),
  heavyChats: z.int(),
  /** Null while on a break. */
  breakAt: z.nullable(z.number()),
});
export type TeamLoad = z.infer<typeof TeamLoad>;

/** What each console gets in its desk snapshot: its own shift and the nudge settings; the team for supervisors. */
export const WellbeingView = z.object({
  me: Exposure,
  settings: z.pick(WellbeingSettings, { nudgeAfterHeavy: true, nudgeAfterMinutes: true }),
  /** Null for roles that do not supervise. */
  team: z.nullable(z.array(TeamLoad)),
});
export type WellbeingView = z.infer<typeof WellbeingView>;

/** Pushed to the consoles of supervisors on shift: who asks for a debrief, nothing about the chat. */
export const DebriefRequest = z.object({ type: z.literal("debrief"), from: z.string(), at: z.number() });
export type DebriefRequest = z.infer<typeof DebriefRequest>;

/** The answer to a debrief request: how many supervisor consoles were told. */
export const DebriefResult = z.object({ told: z.int() });
export type DebriefResult = z.infer<typeof DebriefResult>;

export type Nudge = { reason: "heavy" | "long_stretch"; since: number } | null;

/**
 * Whether to suggest a break now: after a heavy chat that came since the last break, or once the time
 * since the last break reaches the setting. `since` names the occasion, so a dismissed nudge stays
 * dismissed until a new occasion arises.
 */
export function nudgeFor(me: Exposure, settings: WellbeingView["settings"], now: number): Nudge {
  if (me.breakAt === null) return null;
  if (settings.nudgeAfterHeavy && me.lastHeavyAt !== null && me.lastHeavyAt >= me.breakAt) return { reason: "heavy", since: me.lastHeavyAt };
  const limit = settings.nudgeAfterMinutes;
  if (limit !== null && now - me.breakAt >= limit * 60_000) return { reason: "long_stretch", since: me.breakAt };
  return null;
}

/** Whole minutes from `from` to `now`. */
export const minutesBetween = (from: number, now: number) => Math.max(0, Math.floor((now - from) / 60_000));
