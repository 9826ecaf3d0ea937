/**
 * What a visitor is offered while the helpline is closed: other services, each named in Dutch and
 * English, with a phone number (tappable on the visitor's phone) or a web address.
 */
import { Fragment } from "preact";
import type { HelplineSettings } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };
type Alternative = HelplineSettings["alternatives"][number];

const MAX_ALTERNATIVES = 10;

export function AlternativesSettings({ settings, change, errors }: Props) {
  const list = settings.alternatives;
  const set = (i: number, alternative: Alternative) => change({ alternatives: list.map((a, j) => (j === i ? alternative : a)) });
  return (
    <>
      <h2>When closed, point visitors to</h2>
      {list.length === 0 && <p class="hint">Nothing: a closed visitor sees only the opening hours.</p>}
      {list.map((a, i) => {
        const path = `alternatives.${i}`;
        return (
          <fieldset key={i} class="row-set">
            <legend>Alternative {i + 1}</legend>
            {(["nl", "en"] as const).map((lang) => (
              <Fragment key={lang}>
                <label>
                  Name ({lang})
                  <input type="text" maxLength={500} value={a.label[lang]} onInput={(e) => set(i, { ...a, label: { ...a.label, [lang]: e.currentTarget.value } })} {...describedBy(errors, `${path}.label.${lang}`)} />
                </label>
                <FieldError errors={errors} path={`${path}.label.${lang}`} />
              </Fragment>
            ))}
            <label>
              Phone number or web address
              <input type="text" maxLength={200} value={a.contact} onInput={(e) => set(i, { ...a, contact: e.currentTarget.value })} {...describedBy(errors, `${path}.contact`)} />
            </label>
            <FieldError errors={errors} path={`${path}.contact`} />
            <button type="button" onClick={() => change({ alternatives: list.filter((_, j) => j !== i) })}>Remove alternative {i + 1}</button>
          </fieldset>
        );
      })}
      {list.length < MAX_ALTERNATIVES && (
        <button type="button" onClick={() => change({ alternatives: [...list, { label: { nl: "", en: "" }, contact: "" }] })}>Add an alternative</button>
      )}
    </>
  );
}
