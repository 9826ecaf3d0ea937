/**
 * The care partners a counsellor may hand a chat to, with the visitor's consent: each named and
 * described in Dutch and English (the visitor reads both in their language), with a phone number
 * and/or an https address the visitor gets after saying yes.
 */
import { Fragment } from "preact";
import type { CarePartner } from "../../schema/handoff";
import type { HelplineSettings } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };

const MAX_PARTNERS = 20;

/** A new partner's id: stable from then on, so counts per partner survive a change of name. */
const newId = () => `partner-${crypto.randomUUID().slice(0, 8)}`;

export function CarePartnersSettings({ settings, change, errors }: Props) {
  const list = settings.carePartners;
  const set = (i: number, partner: CarePartner) => change({ carePartners: list.map((p, j) => (j === i ? partner : p)) });
  const text = (i: number, p: CarePartner, field: "name" | "does", lang: "nl" | "en", label: string, max: number) => {
    const path = `carePartners.${i}.${field}.${lang}`;
    return (
      <Fragment key={`${field}-${lang}`}>
        <label>
          {label} ({lang})
          <input type="text" maxLength={max} value={p[field][lang]} onInput={(e) => set(i, { ...p, [field]: { ...p[field], [lang]: e.currentTarget.value } })} {...describedBy(errors, path)} />
        </label>
        <FieldError errors={errors} path={path} />
      </Fragment>
    );
  };
  return (
    <>
      <h2>Care partners for a warm handoff</h2>
      <p class="hint">
        A counsellor can hand a chat to one of these, only when the visitor agrees to the exact summary. The visitor then gets the contact below and a code;
        the summary can be looked up with that code for 14 days.
      </p>
      {list.map((p, i) => {
        const path = `carePartners.${i}`;
        return (
          <fieldset key={p.id} class="row-set">
            <legend>Care partner {i + 1}</legend>
            {text(i, p, "name", "nl", "Name", 120)}
            {text(i, p, "name", "en", "Name", 120)}
            {text(i, p, "does", "nl", "What they do", 300)}
            {text(i, p, "does", "en", "What they do", 300)}
            <label>
              Phone number
              <input type="tel" maxLength={40} value={p.phone} onInput={(e) => set(i, { ...p, phone: e.currentTarget.value })} {...describedBy(errors, `${path}.phone`)} />
            </label>
            <FieldError errors={errors} path={`${path}.phone`} />
            <label>
              Web address (https://)
              <input type="text" inputMode="url" maxLength={200} value={p.web} onInput={(e) => set(i, { ...p, web: e.currentTarget.value })} {...describedBy(errors, `${path}.web`)} />
            </label>
            <FieldError errors={errors} path={`${path}.web`} />
            <button type="button" onClick={() => change({ carePartners: list.filter((_, j) => j !== i) })}>Remove care partner {i + 1}</button>
          </fieldset>
        );
      })}
      {list.length < MAX_PARTNERS && (
        <button type="button" onClick={() => change({ carePartners: [...list, { id: newId(), name: { nl: "", en: "" }, does: { nl: "", en: "" }, phone: "", web: "" }] })}>
          Add a care partner
        </button>
      )}
    </>
  );
}
