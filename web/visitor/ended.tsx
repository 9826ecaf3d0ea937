/**
 * After the chat: what was said stays on screen until the visitor leaves or starts again (the
 * counsellor's last words are often the advice: "call 112"), nothing of it on the device, where to
 * turn in an emergency, whether anything was kept, and a new chat one click away.
 */
import type { ComponentChildren } from "preact";
import type { HelplineInfo } from "../../schema/helpline";
import type { ChatView } from "../shared/chat-connection";
import type { Lang, Translate } from "../shared/i18n";
import { Alternatives } from "./alternatives";
import { endedText } from "./consent";
import { Survey } from "./survey";
import { VisitorTranscript } from "./visitor-transcript";

/** `children`: what the chat left the visitor (a warm handoff's contact and code), right under the heading. */
type Props = { t: Translate; lang: Lang; view: ChatView; info: HelplineInfo | null; onAgain: () => void; children?: ComponentChildren };

export function EndedScreen({ t, lang, view, info, onAgain, children }: Props) {
  const alternatives = info?.alternatives ?? [];
  // The kept conversation was continued elsewhere with its code (Conversation.resume closes this
  // socket with its own code, not the wrong-token one). This device may be the shared one they moved
  // away from, so what was said leaves its screen.
  const moved = view.refused === "moved";
  return (
    <section class="card" aria-labelledby="ended-heading">
      <h1 id="ended-heading" tabIndex={-1}>{t(moved ? "moved.heading" : "ended.heading")}</h1>
      <p>{moved ? t("moved.text") : view.refused ? t("refused.text") : endedText(view, t, lang)}</p>
      {!moved && children}
      {!moved && view.lines.length > 0 && <VisitorTranscript t={t} view={view} />}
      {view.survey && <Survey t={t} ticket={view.survey} />}
      <h2>{t("ended.help")}</h2>
      {/* 112 is always there, whatever the helpline lists (its default list starts with it). */}
      {!alternatives.some((a) => a.contact.replace(/\D/g, "") === "112") && (
        <p>
          <a href="tel:112">{t("ended.emergency")}</a>
        </p>
      )}
      <Alternatives lang={lang} alternatives={alternatives} />
      <button type="button" class="primary" onClick={onAgain}>
        {t("ended.again")}
      </button>
    </section>
  );
}
