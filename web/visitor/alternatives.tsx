/** Where else to turn: the helpline's alternatives, phone numbers as tappable links. */
import type { HelplineInfo } from "../../schema/helpline";
import type { Lang } from "../shared/i18n";

const PHONE = /^\+?[\d\s-]+$/;

export function Alternatives({ lang, alternatives }: { lang: Lang; alternatives: HelplineInfo["alternatives"] }) {
  return (
    <ul class="alternatives">
      {alternatives.map((a) => (
        <li key={a.contact}>
          {PHONE.test(a.contact) ? <a href={`tel:${a.contact.replace(/[\s-]/g, "")}`}>{a.label[lang]}</a> : a.label[lang]}
        </li>
      ))}
    </ul>
  );
}
