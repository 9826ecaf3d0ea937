/**
 * When the helpline opens next, said the way a person says it: "today at 19:00", "tomorrow at 9:00",
 * else the weekday and date. Today and tomorrow are the helpline's, in its own time zone, whatever
 * zone the visitor's phone is set to, because the hours are the helpline's.
 */
import type { Lang, Translate } from "../shared/i18n";

const DAY = 24 * 60 * 60 * 1000;

/** The calendar day of `at` in `timeZone`, as a day count, so that two days can be subtracted. */
function dayNumber(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / DAY;
}

export function nextOpeningText(t: Translate, lang: Lang, timeZone: string, next: number, now: number): string {
  const zone = (style: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { timeZone, ...style }).format(next);
  const time = zone({ hour: "numeric", minute: "2-digit", hourCycle: "h23" });
  const days = dayNumber(next, timeZone) - dayNumber(now, timeZone);
  if (days === 0) return t("closed.today", { time });
  if (days === 1) return t("closed.tomorrow", { time });
  return t("closed.next", { when: zone({ weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }) });
}
