/**
 * The standalone plain-language privacy page, in Dutch and English. The visitor page shows the same
 * text as one of its own screens; this page is for everyone else (staff, partners, parents), and has
 * the same quick exit in case a young person lands here.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Lang, applyLanguage, loadLanguage, translator } from "../shared/i18n";
import { listenForExitKeys, quickExit } from "../shared/quick-exit";
import { PRIVACY_TEXT, PrivacyText, privacyTitle } from "../shared/privacy-text";
import "../shared/base.css";
import "./privacy.css";

const asked: Lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "nl";

function Privacy() {
  const [lang, setLang] = useState<Lang>(asked);
  const text = PRIVACY_TEXT[lang];
  const t = translator(lang);
  // Nothing to drop here but the page itself.
  const exit = () => quickExit(undefined, () => {});
  useEffect(() => listenForExitKeys(exit), []);
  useEffect(() => {
    applyLanguage(lang);
    document.title = privacyTitle(lang, t("app.name"));
  }, [lang]);
  return (
    <main>
      <header class="bar">
        <a href="/">{text.back}</a>
        <button type="button" class="link" onClick={() => loadLanguage(lang === "nl" ? "en" : "nl").then(() => setLang(lang === "nl" ? "en" : "nl"))}>
          {t("lang.switch")}
        </button>
        <button type="button" class="exit" onClick={exit} aria-describedby="exit-hint">
          {t("exit.button")}
        </button>
        <span id="exit-hint" class="visually-hidden">{t("exit.hint")}</span>
      </header>
      <PrivacyText lang={lang} name={t("app.name")} />
    </main>
  );
}

// Shown in Dutch if English cannot load.
const show = () => render(<Privacy />, document.getElementById("app") as HTMLElement);
loadLanguage(asked).then(show, show);
