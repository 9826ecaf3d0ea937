/**
 * Outside opening hours: when the helpline opens next, where to go now, and the weekly hours. Day
 * names, dates and the time zone's name come from the browser's own locale data.
 */
import type { HelplineInfo } from "../../schema/helpline";
import type { Lang, Translate } from "../shared/i18n";
import { Alternatives } from "./alternatives";
import { nextOpeningText } from "./next-opening";

type Props = { t: Translate; lang: Lang; info: HelplineInfo; onRetry: () => void };

/** 4 January 2026 was a Sunday, so day `d` of the week falls on the (4 + d)th. */
const dayName = (lang: Lang, day: number) =>
  new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2026, 0, 4 + day));

export function ClosedScreen({ t, lang, info, onRetry }: Props) {
  const zone = (style: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { timeZone: info.timeZone, ...style });
  const zoneName = zone({ timeZoneName: "longGeneric" }).formatToParts(0).find((p) => p.type === "timeZoneName")?.value ?? info.timeZone;
  // Monday first, the way Dutch calendars show a week.
  const slots = [...info.openingHours].sort((a, b) => (a.day + 6) % 7 - (b.day + 6) % 7 || a.open.localeCompare(b.open));
  return (
    <section class="card" aria-labelledby="closed-heading">
      <h1 id="closed-heading" tabIndex={-1}>{t("closed.heading")}</h1>
      <p>{info.nextOpening === null ? t("closed.noHours") : nextOpeningText(t, lang, info.timeZone, info.nextOpening, Date.now())}</p>
      {info.alternatives.length > 0 && (
        <>
          <h2>{t("closed.alternatives")}</h2>
          <Alternatives lang={lang} alternatives={info.alternatives} />
        </>
      )}
      {slots.length > 0 && (
        <>
          <h2>{t("closed.hours")}</h2>
          <ul class="hours">
            {slots.map((s) => (
              <li key={`${s.day}-${s.open}`}>{t("closed.slot", { day: dayName(lang, s.day), open: s.open, close: s.close })}</li>
            ))}
          </ul>
          <p class="hint">{t("closed.hoursNote", { zone: zoneName })}</p>
        </>
      )}
      <button type="button" class="secondary" onClick={onRetry}>
        {t("closed.retry")}
      </button>
    </section>
  );
}
