/**
 * What Baken keeps, in plain words: the text schema/inventory.ts lists, for a young person. Shown by the
 * standalone /privacy page and, without any navigation, as a screen of the visitor page (a navigation
 * would leave an entry in the device's history and a page without quick exit). The numbers (days,
 * minutes) come from the running deployment.
 */
import { useEffect, useState } from "preact/hooks";
import { HANDOFF_RETENTION_DAYS } from "../../schema/handoff-text";
import privacyEn from "../i18n/privacy.en.json";
import privacyNl from "../i18n/privacy.nl.json";
import { call } from "./client";
import { type Lang, fill } from "./i18n";

export const PRIVACY_TEXT: Record<Lang, typeof privacyNl> = { nl: privacyNl, en: privacyEn };
const SECTIONS = ["never", "chat", "backstage", "kept", "handoff", "counts", "guessing", "safeguarding", "blocks", "survey", "staff", "wellbeing", "basis", "where"] as const;
/** What a fresh deployment uses, shown until the live values arrive. */
const DEFAULTS = { retentionDays: 30, graceMinutes: 30 };

/** The title with `name`: the helpline the visitor chats with, or Baken on the standalone page. */
export const privacyTitle = (lang: Lang, name: string) => fill(PRIVACY_TEXT[lang].title, { name });

export function PrivacyText({ lang, name }: { lang: Lang; name: string }) {
  const [terms, setTerms] = useState(DEFAULTS);
  const text = PRIVACY_TEXT[lang];
  useEffect(() => {
    call("GET /api/keep").then(setTerms, () => undefined);
  }, []);
  const vars = { days: terms.retentionDays, minutes: terms.graceMinutes, handoffDays: HANDOFF_RETENTION_DAYS };
  return (
    <>
      <h1 id="privacy-heading" tabIndex={-1}>{privacyTitle(lang, name)}</h1>
      <p>{text.intro}</p>
      {SECTIONS.map((section) => (
        <section key={section} class="privacy-section">
          <h2>{text[`${section}.heading`]}</h2>
          <p>{fill(text[`${section}.text`], vars)}</p>
        </section>
      ))}
    </>
  );
}
