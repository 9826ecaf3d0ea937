/** After the chat: it is over, nothing was kept (or, with consent, until when), and a new one is one click away. */
import type { ChatView } from "../shared/chat-connection";
import type { Lang, Translate } from "../shared/i18n";
import { endedText } from "./consent";

export function EndedScreen({ t, lang, view, onAgain }: { t: Translate; lang: Lang; view: ChatView; onAgain: () => void }) {
  return (
    <section class="card" aria-labelledby="ended-heading">
      <h1 id="ended-heading" tabIndex={-1}>{t("ended.heading")}</h1>
      <p>{view.refused ? t("refused.text") : endedText(view, t, lang)}</p>
      <button type="button" class="primary" onClick={onAgain}>
        {t("ended.again")}
      </button>
    </section>
  );
}
