/**
 * A moment as the staff member reads dates: in their browser's own languages and time zone (a Dutch
 * browser shows "2 dec 2026, 15:04"), with the exact instant kept machine-readable on the element.
 */
const format = new Intl.DateTimeFormat(navigator.languages, { dateStyle: "medium", timeStyle: "short" });

export function StaffTime({ at }: { at: number }) {
  return <time dateTime={new Date(at).toISOString()}>{format.format(at)}</time>;
}
