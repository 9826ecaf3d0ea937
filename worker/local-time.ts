/** UTC hour buckets and dates in a helpline's time zone, for the report and for merging old hours into days. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export type Local = { date: string; weekday: number; hour: number };

/** Local date, weekday (0 = Monday) and hour of each UTC hour bucket, in the helpline's zone. */
export function localizer(timeZone: string): (hour: number) => Local {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  });
  const cache = new Map<number, Local>();
  return (hour) => {
    const hit = cache.get(hour);
    if (hit) return hit;
    const parts = Object.fromEntries(format.formatToParts(new Date(hour * HOUR_MS)).map((p) => [p.type, p.value]));
    const local = {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
      hour: Number(parts.hour),
    };
    cache.set(hour, local);
    return local;
  };
}

/** The UTC hour buckets that can hold local dates from..to, with a day of margin for any zone. */
export function hourRange(from: string, to: string): { fromHour: number; toHour: number } {
  return {
    fromHour: Math.floor((Date.parse(from) - DAY_MS) / HOUR_MS),
    toHour: Math.floor((Date.parse(to) + 2 * DAY_MS) / HOUR_MS),
  };
}

/** YYYY-MM-DD of a moment, or of a date moved by some days. */
export const isoDate = (at: number): string => new Date(at).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string => isoDate(Date.parse(date) + days * DAY_MS);

/** Weekday of a calendar date, 0 = Monday. */
export const weekdayOf = (date: string): number => (new Date(Date.parse(date)).getUTCDay() + 6) % 7;
