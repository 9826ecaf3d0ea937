/**
 * What is kept, shown inside the visitor page (see web/shared/privacy-text.tsx for why not a link).
 * Its text is the largest part of the page and most visitors never open it, so it is fetched when
 * asked for: a cheap phone on a bad connection does not download it before it can start a chat.
 */
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type Lang, translator } from "../shared/i18n";

type Props = { lang: Lang; name: string; onBack: () => void };

export function PrivacyScreen({ lang, name, onBack }: Props) {
  const [Text, setText] = useState<ComponentType<{ lang: Lang; name: string }> | null>(null);
  const [failed, setFailed] = useState(false);
  const waiting = useRef<HTMLHeadingElement>(null);
  const t = translator(lang);
  useEffect(() => {
    import("../shared/privacy-text").then(
      (m) => setText(() => m.PrivacyText),
      () => setFailed(true),
    );
  }, []);
  useEffect(() => {
    // Focus followed the screen change to the placeholder's heading; it moves on to the real one.
    if (Text && (document.activeElement === waiting.current || document.activeElement === document.body)) {
      document.getElementById("privacy-heading")?.focus();
    }
  }, [Text]);
  return (
    <section class="card" aria-labelledby="privacy-heading">
      {Text ? (
        <Text lang={lang} name={name} />
      ) : (
        <>
          <h1 id="privacy-heading" ref={waiting} tabIndex={-1}>{t("privacy.link")}</h1>
          <p role="status">{t(failed ? "privacy.unavailable" : "privacy.loading")}</p>
        </>
      )}
      <button type="button" class="secondary" onClick={onBack}>
        {t("privacy.back")}
      </button>
    </section>
  );
}
