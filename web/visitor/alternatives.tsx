/**
 * Where else to turn: the helpline's alternatives, phone numbers as tappable tel: links and https
 * addresses as ordinary links. A web address opens in this same tab: on a shared phone a new tab
 * would be one more trace to close, and the chat page has no open chat to lose on these screens.
 */
import type { HelplineInfo } from "../../schema/helpline";
import type { Lang } from "../shared/i18n";

const PHONE = /^\+?[\d\s-]+$/;
const WEB = /^https:\/\//;

function hrefOf(contact: string): string | null {
  if (PHONE.test(contact)) return `tel:${contact.replace(/[\s-]/g, "")}`;
  return WEB.test(contact) ? contact : null;
}

export function Alternatives({ lang, alternatives }: { lang: Lang; alternatives: HelplineInfo["alternatives"] }) {
  return (
    <ul class="alternatives">
      {alternatives.map((a) => {
        const href = hrefOf(a.contact);
        return (
          <li key={a.contact}>
            {href ? (
              <a href={href} {...(href.startsWith("https:") ? { rel: "noopener noreferrer" } : {})}>
                {a.label[lang]}
              </a>
            ) : (
              a.label[lang]
            )}
          </li>
        );
      })}
    </ul>
  );
}
