/**
 * The plain-language privacy page, in Dutch and English. It says what schema/inventory.ts lists, in
 * words a young person understands; the numbers (days, minutes) come from the running deployment.
 * Its text has its own translation files so the chat page does not carry it.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { KeepTerms } from "../../schema/consent";
import privacyEn from "../i18n/privacy.en.json";
import privacyNl from "../i18n/privacy.nl.json";
import { api } from "../shared/api";
import { type Lang, applyLanguage, fill, translator } from "../shared/i18n";
import "../shared/base.css";
import "./privacy.css";

const TEXT: Record<Lang, typeof privacyNl> = { nl: privacyNl, en: privacyEn };
const SECTIONS = ["never", "chat", "kept", "counts", "guessing", "staff", "basis"] as const;
/** What a fresh deployment uses, shown until the live values arrive. */
const DEFAULTS = { retentionDays: 30, graceMinutes: 30 };

function Privacy() {
  const [lang, setLang] = useState<Lang>(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "nl");
  const [terms, setTerms] = useState(DEFAULTS);
  const text = TEXT[lang];
  useEffect(() => {
    api<KeepTerms>("/api/keep").then(setTerms, () => undefined);
  }, []);
  useEffect(() => {
    applyLanguage(lang);
    document.title = text.title;
  }, [lang]);
  const vars = { days: terms.retentionDays, minutes: terms.graceMinutes };
  return (
    <main>
      <header class="bar">
        <a href="/">{text.back}</a>
        <button type="button" class="link" onClick={() => setLang(lang === "nl" ? "en" : "nl")}>
          {translator(lang)("lang.switch")}
        </button>
      </header>
      <h1>{text.title}</h1>
      <p>{text.intro}</p>
      {SECTIONS.map((section) => (
        <section key={section}>
          <h2>{text[`${section}.heading`]}</h2>
          <p>{fill(text[`${section}.text`], vars)}</p>
        </section>
      ))}
    </main>
  );
}

render(<Privacy />, document.getElementById("app") as HTMLElement);
