/** What is kept, shown inside the visitor page (see web/shared/privacy-text.tsx for why not a link). */
import type { Lang } from "../shared/i18n";
import { PRIVACY_TEXT, PrivacyText } from "../shared/privacy-text";

export function PrivacyScreen({ lang, name, onBack }: { lang: Lang; name: string; onBack: () => void }) {
  return (
    <section class="card" aria-labelledby="privacy-heading">
      <PrivacyText lang={lang} name={name} />
      <button type="button" class="secondary" onClick={onBack}>
        {PRIVACY_TEXT[lang].back}
      </button>
    </section>
  );
}
