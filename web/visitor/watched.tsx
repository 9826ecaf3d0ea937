/**
 * The silent "someone is watching" signal. Two ways, so it fits whatever the visitor can do unseen:
 *
 * - The view control (◐) at the top of the chat looks like an ordinary display switch. Tapped, it tells
 *   the counsellor and gives the page a quiet look: no helpline name, logo or colour, a "homework help"
 *   heading and tab title, and the chat going on as before. Tapped again, it lifts the signal ("I'm
 *   alone again") and the page looks as it did.
 * - The helpline's code word (whole word, any case) in a message the visitor sends. The message is sent
 *   on as typed: a message that vanished, or a page that changed, is exactly what an onlooker would
 *   notice. Nothing on the screen changes; the counsellor sees the signal beside the message.
 */
import { useEffect, useRef } from "preact/hooks";
import type { HelplineInfo } from "../../schema/helpline";
import { containsRiskWord } from "../../worker/risk-words";
import type { ChatConnection, ChatView } from "../shared/chat-connection";
import type { Translate } from "../shared/i18n";

/** Whether a message the visitor sends carries the code word, in either language. */
export function carriesWatchWord(text: string, words: HelplineInfo["watchWords"] | undefined): boolean {
  return words !== undefined && containsRiskWord(text, [words.nl, words.en]);
}

type Props = { t: Translate; view: ChatView; connection: ChatConnection; quiet: boolean; onQuiet: (quiet: boolean) => void };

/** The disguised control: an everyday display switch to an onlooker. */
export function WatchControl({ t, view, connection, quiet, onQuiet }: Props) {
  const toggle = () => {
    connection.signalWatched(!view.watched);
    onQuiet(!view.watched);
  };
  return (
    <button type="button" class="view-switch" aria-pressed={quiet} aria-label={t("watch.control")} title={t("watch.control")} onClick={toggle}>
      <span aria-hidden="true">◐</span>
    </button>
  );
}

/** The quiet look on the whole page while `quiet`; everything is put back as it was after. */
export function useQuietLook(t: Translate, quiet: boolean): void {
  const before = useRef<{ title: string; accent: string } | null>(null);
  useEffect(() => {
    const root = document.documentElement;
    if (!quiet) return;
    before.current = { title: document.title, accent: root.style.getPropertyValue("--accent") };
    root.classList.add("quiet");
    root.style.setProperty("--accent", "#4a5360");
    root.style.setProperty("--quiet-name", JSON.stringify(t("watch.quietName")));
    document.title = t("watch.quietName");
    return () => {
      root.classList.remove("quiet");
      if (before.current) {
        root.style.setProperty("--accent", before.current.accent);
        document.title = before.current.title;
      }
    };
  }, [quiet]);
}

/** On the start screen, where nobody is chatting yet: how to give the signal. */
export function WatchTip({ t, words, lang }: { t: Translate; words: HelplineInfo["watchWords"] | undefined; lang: "nl" | "en" }) {
  return (
    <details class="watch-tip">
      <summary>{t("watch.tipHeading")}</summary>
      <p>{t("watch.tipControl")}</p>
      {words && <p>{t("watch.tipWord", { word: words[lang] })}</p>}
    </details>
  );
}
