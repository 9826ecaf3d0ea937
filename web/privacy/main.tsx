/**
 * The standalone plain-language privacy page, in Dutch and English. The visitor page shows the same
 * text as one of its own screens; this page is for everyone else (staff, partners, parents).
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Lang, applyLanguage, translator } from "../shared/i18n";
import { PRIVACY_TEXT, PrivacyText } from "../shared/privacy-text";
import "../shared/base.css";
import "./privacy.css";

function Privacy() {
  const [lang, setLang] = useState<Lang>(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "nl");
  const text = PRIVACY_TEXT[lang];
  useEffect(() => {
    applyLanguage(lang);
    document.title = text.title;
  }, [lang]);
  return (
    <main>
      <header class="bar">
        <a href="/">{text.back}</a>
        <button type="button" class="link" onClick={() => setLang(lang === "nl" ? "en" : "nl")}>
          {translator(lang)("lang.switch")}
        </button>
      </header>
      <PrivacyText lang={lang} />
    </main>
  );
}

render(<Privacy />, document.getElementById("app") as HTMLElement);
