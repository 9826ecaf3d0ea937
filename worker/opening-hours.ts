/**
 * Whether a helpline is open, and when it opens next, from its weekly hours in its own time zone.
 * Pure: the time is an argument, so tests can stand on either side of a daylight-saving change.
 *
 * A slot runs from `open` to `close` on the wall clock of its day. "23:59" as a close means the end
 * of the day (24:00 is not a valid time), and a close at or before the open runs past midnight into
 * the next day. Wall times that do not exist (the hour skipped in spring) are read the way
 * JavaScript and Temporal's "compatible" mode read them: shifted forward by the length of the gap;
 * wall times that happen twice (autumn) mean the first of the two.
 */
import type { OpeningSlot } from "../schema/helpline";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type Hours = { timeZone: string; openingHours: readonly OpeningSlot[] };
export type Openness = { openNow: boolean; nextOpening: number | null };

/** Open now, and if not, the instant (ms since epoch) it next opens; null when it never does. */
export function openness(hours: Hours, now: number): Openness {
  const intervals = intervalsAround(hours, now);
  if (intervals.some(([start, end]) => start <= now && now < end)) return { openNow: true, nextOpening: null };
  const starts = intervals.map(([start]) => start).filter((start) => start > now);
  return { openNow: false, nextOpening: starts.length ? Math.min(...starts) : null };
}

/** True when the name is a time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every opening from the day before `now` to eight days after, as [start, end) instants. */
function intervalsAround({ timeZone, openingHours }: Hours, now: number): [number, number][] {
  const today = wallClock(timeZone, now);
  const intervals: [number, number][] = [];
  for (let offset = -1; offset <= 8; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    for (const slot of openingHours) {
      if (slot.day !== date.getUTCDay()) continue;
      const open = minutes(slot.open);
      const close = slot.close === "23:59" ? 24 * 60 : minutes(slot.close);
      const closeDay = close <= open ? 1 : 0;
      intervals.push([instant(timeZone, date, open), instant(timeZone, shiftDays(date, closeDay), close)]);
    }
  }
  return intervals;
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function shiftDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

/** The instant at which the wall clock in `timeZone` shows `minuteOfDay` on the UTC-midnight `date`. */
function instant(timeZone: string, date: Date, minuteOfDay: number): number {
  const asIfUtc = date.getTime() + minuteOfDay * MINUTE;
  // The offsets a day either side of the moment: equal unless a change falls in between.
  const before = asIfUtc - offsetAt(timeZone, asIfUtc - DAY);
  const after = asIfUtc - offsetAt(timeZone, asIfUtc + DAY);
  const real = [before, after].filter((t) => t + offsetAt(timeZone, t) === asIfUtc);
  // Both exist (autumn): the earlier. Neither (spring gap): the old offset, which lands past the gap.
  return real.length ? Math.min(...real) : before;
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number };

/** How far the wall clock in `timeZone` is ahead of UTC at `at`, in ms. */
function offsetAt(timeZone: string, at: number): number {
  const w = wallClock(timeZone, at);
  const truncated = Math.floor(at / MINUTE) * MINUTE;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - truncated;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, at: number): Wall {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute") };
}
