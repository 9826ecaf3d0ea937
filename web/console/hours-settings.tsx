/**
 * When the helpline is open: its time zone and a week, Monday first as Dutch calendars show it, each
 * day closed or open for one or two ranges of local time. A range that ends at or before its start
 * runs past midnight, and "23:59" means to the end of the day, as worker/opening-hours.ts reads them.
 */
import type { HelplineSettings, OpeningSlot } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };

const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];
const RANGES_PER_DAY = 2;
/** What a newly opened day or a second range starts as, for the admin to adjust. */
const NEW_RANGES = [{ open: "09:00", close: "17:00" }, { open: "18:00", close: "22:00" }] as const;
const ZONES = Intl.supportedValuesOf("timeZone");

/** 4 January 2026 was a Sunday, so day `d` of the week falls on the (4 + d)th. */
const dayName = (day: number) => new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2026, 0, 4 + day));

export function HoursSettings({ settings, change, errors }: Props) {
  const hours = settings.openingHours;
  const setHours = (openingHours: OpeningSlot[]) => change({ openingHours });
  // The saved zone stays choosable even if this browser does not list it.
  const zones = ZONES.includes(settings.timeZone) ? ZONES : [settings.timeZone, ...ZONES];
  return (
    <>
      <h2>Opening hours</h2>
      <label>
        Time zone of the opening hours
        <select value={settings.timeZone} onChange={(e) => change({ timeZone: e.currentTarget.value })} {...describedBy(errors, "timeZone")}>
          {zones.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
        </select>
      </label>
      <FieldError errors={errors} path="timeZone" />
      <p class="hint">A range that ends at or before its start runs past midnight; 23:59 means until the end of the day.</p>
      <div class="week">
        {MONDAY_FIRST.map((day) => {
          const ranges = hours.flatMap((slot, index) => (slot.day === day ? [{ slot, index }] : []));
          const name = dayName(day);
          const add = () => setHours([...hours, { day, ...(NEW_RANGES[ranges.length] ?? NEW_RANGES[0]) }]);
          return (
            <fieldset key={day} class="day">
              <legend>{name}</legend>
              <label class="inline">
                <input
                  type="checkbox"
                  checked={ranges.length > 0}
                  onChange={(e) => (e.currentTarget.checked ? add() : setHours(hours.filter((s) => s.day !== day)))}
                />
                Open on {name}
              </label>
              {ranges.map(({ slot, index }, n) => {
                const which = ranges.length > 1 ? ` (range ${n + 1})` : "";
                const set = (patch: Partial<OpeningSlot>) => setHours(hours.map((s, i) => (i === index ? { ...s, ...patch } : s)));
                return (
                  <div key={index} class="range">
                    <label>
                      Opens{which}
                      <input type="time" value={slot.open} onInput={(e) => set({ open: e.currentTarget.value })} {...describedBy(errors, `openingHours.${index}.open`)} />
                    </label>
                    <FieldError errors={errors} path={`openingHours.${index}.open`} />
                    <label>
                      Closes{which}
                      <input type="time" value={slot.close} onInput={(e) => set({ close: e.currentTarget.value })} {...describedBy(errors, `openingHours.${index}.close`)} />
                    </label>
                    <FieldError errors={errors} path={`openingHours.${index}.close`} />
                    {ranges.length > 1 && (
                      <button type="button" onClick={() => setHours(hours.filter((_, i) => i !== index))}>Remove range {n + 1}</button>
                    )}
                  </div>
                );
              })}
              {ranges.length > 0 && ranges.length < RANGES_PER_DAY && (
                <button type="button" onClick={add}>Add a second range on {name}</button>
              )}
            </fieldset>
          );
        })}
      </div>
      <FieldError errors={errors} path="openingHours" />
    </>
  );
}
