/**
 * The helpline took more chats in the last minute than it can (a flood, or a very busy moment): say
 * so honestly, point to where else to turn now, and let the visitor try again.
 */
import type { HelplineInfo } from "../../schema/helpline";
import type { Lang, Translate } from "../shared/i18n";
import { Alternatives } from "./alternatives";

/** `blocked`: a counsellor blocked this visitor's network for a while; said kindly, with no retry to fail again. */
type Props = { t: Translate; lang: Lang; info: HelplineInfo | null; onRetry: () => void; blocked?: boolean };

export function BusyScreen({ t, lang, info, onRetry, blocked = false }: Props) {
  return (
    <section class="card" aria-labelledby="busy-heading">
      <h1 id="busy-heading" tabIndex={-1}>{t(blocked ? "blocked.heading" : "busy.heading")}</h1>
      <p>{t(blocked ? "blocked.text" : "busy.text")}</p>
      {info && info.alternatives.length > 0 && (
        <>
          <h2>{t("closed.alternatives")}</h2>
          <Alternatives lang={lang} alternatives={info.alternatives} />
        </>
      )}
      {!blocked && <button type="button" class="primary" onClick={onRetry}>{t("busy.retry")}</button>}
    </section>
  );
}
