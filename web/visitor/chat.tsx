/** Waiting and chatting: the queue place while waiting, the messages, the message box, and the end. */
import { useEffect, useState } from "preact/hooks";
import type { HelplineInfo } from "../../schema/helpline";
import type { ChatConnection, ChatView } from "../shared/chat-connection";
import { Composer } from "../shared/composer";
import type { Translate } from "../shared/i18n";
import { EndChat } from "./end-chat";
import { VisitorTranscript } from "./visitor-transcript";
import { Waiting } from "./waiting";
import { WatchControl, carriesWatchWord, useQuietLook } from "./watched";

type Props = { t: Translate; view: ChatView; connection: ChatConnection; inDanger: boolean; watchWords?: HelplineInfo["watchWords"] };

export function ChatScreen({ t, view, connection, inDanger, watchWords }: Props) {
  const counsellor = view.counsellor ?? t("chat.counsellor");
  useMarkRead(view, connection);
  const [quiet, setQuiet] = useState(false);
  useQuietLook(t, quiet);
  return (
    <section class="chat" aria-labelledby="chat-heading">
      <div class="chat-head">
        <h1 id="chat-heading" tabIndex={-1}>
          {quiet ? t("watch.quietName") : view.status === "waiting" ? t("wait.heading") : t("chat.with", { name: counsellor })}
        </h1>
        <WatchControl t={t} view={view} connection={connection} quiet={quiet} onQuiet={setQuiet} />
      </div>
      {/* Said "in danger": 112 stays one tap away, while waiting and once a counsellor has joined. */}
      {inDanger && (
        <p class="urgent">
          <a href="tel:112">{t("start.danger.emergency")}</a>
        </p>
      )}
      {view.status === "waiting" ? (
        <Waiting t={t} view={view} />
      ) : (
        <p role="status" class="visually-hidden">{t("chat.with", { name: counsellor })}</p>
      )}
      {view.connection === "offline" && <p role="status" class="notice">{t("chat.offline")}</p>}
      {view.lastError && (
        <p role="alert" class="notice">
          {view.lastError === "rate_limited" ? t("chat.error.rate_limited") : t("chat.error.generic")}
        </p>
      )}
      {view.supporter && <p role="status" class="notice">{t("chat.supporter", { name: view.supporter.name })}</p>}
      <VisitorTranscript t={t} view={view} />
      <p class="typing" aria-live="polite">{view.peerTyping ? t("chat.typing", { name: counsellor }) : ""}</p>
      <Composer
        label={t("chat.input")}
        sendLabel={t("chat.send")}
        onSend={(text) => {
          connection.send(text);
          if (!view.watched && carriesWatchWord(text, watchWords)) connection.signalWatched(true);
        }}
        onTyping={() => connection.typing()}
      />
      <EndChat t={t} onEnd={() => connection.end()} />
    </section>
  );
}

/** Read receipts: the counsellor's messages count as read while the page is in view. */
function useMarkRead(view: ChatView, connection: ChatConnection): void {
  const fromCounsellor = view.lines.filter((l) => l.from === "counsellor").length;
  useEffect(() => {
    const mark = () => document.visibilityState === "visible" && connection.markRead();
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [fromCounsellor, view.connection]);
}
