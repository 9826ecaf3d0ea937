/** After the chat: it is over, nothing was kept, and a new one is one click away. */
import type { ChatView } from "../shared/chat-connection";
import type { Translate } from "../shared/i18n";

export function EndedScreen({ t, view, onAgain }: { t: Translate; view: ChatView; onAgain: () => void }) {
  return (
    <section class="card" aria-labelledby="ended-heading">
      <h1 id="ended-heading" tabIndex={-1}>{t("ended.heading")}</h1>
      <p>{view.refused ? t("refused.text") : t("ended.text")}</p>
      <button type="button" class="primary" onClick={onAgain}>
        {t("ended.again")}
      </button>
    </section>
  );
}
