/**
 * Safeguarding settings: the visitor's code word per language (in a message, it tells the counsellor
 * that someone is watching) and how long an urgent chat may wait before the supervisors are alerted.
 */
import type { HelplineSettings } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };

export function SafeguardingSettings({ settings, change, errors }: Props) {
  return (
    <>
      <h2>Safeguarding</h2>
      <p class="hint">
        A visitor who types the code word in a message (a whole word, any case) tells the counsellor that someone is
        watching; the message is sent as typed. Pick an everyday word that is rarely typed by accident. The start page tells
        visitors the word of their language.
      </p>
      {(["nl", "en"] as const).map((lang) => (
        <span key={lang}>
          <label>
            Code word ({lang})
            <input
              type="text"
              required
              maxLength={40}
              value={settings.watchWords[lang]}
              onInput={(e) => change({ watchWords: { ...settings.watchWords, [lang]: e.currentTarget.value } })}
              {...describedBy(errors, `watchWords.${lang}`)}
            />
          </label>
          <FieldError errors={errors} path={`watchWords.${lang}`} />
        </span>
      ))}
      <label>
        Alert the supervisors on shift when an urgent chat has waited this many minutes
        <input
          type="number"
          min={1}
          max={60}
          required
          value={settings.urgentWaitAlertMinutes}
          onInput={(e) => change({ urgentWaitAlertMinutes: e.currentTarget.valueAsNumber })}
          {...describedBy(errors, "urgentWaitAlertMinutes")}
        />
      </label>
      <FieldError errors={errors} path="urgentWaitAlertMinutes" />
    </>
  );
}
