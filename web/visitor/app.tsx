/**
 * The visitor page: start without an account, wait with an honest place in the queue, chat, end.
 * All chat state lives in memory only; closing the tab or the quick exit forgets it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { StartChatResponse } from "../../schema/http";
import { api } from "../shared/api";
import { ChatConnection, type ChatView } from "../shared/chat-connection";
import { Composer } from "../shared/composer";
import { type Lang, applyLanguage, translator } from "../shared/i18n";
import { Transcript } from "../shared/transcript";
import { Consent, endedText } from "./consent";
import { listenForExitKeys, quickExit } from "./quick-exit";
import { Resume } from "./resume";

type Danger = "yes" | "no" | "skip";

export function App() {
  const [lang, setLang] = useState<Lang>("nl");
  const t = translator(lang);
  const connection = useRef<ChatConnection | null>(null);
  const [view, setView] = useState<ChatView | null>(null);
  const [starting, setStarting] = useState(false);
  const [failed, setFailed] = useState(false);
  const [danger, setDanger] = useState<Danger>("skip");
  const [chat, setChat] = useState<StartChatResponse | null>(null);
  const connect = (opened: StartChatResponse) => {
    setChat(opened);
    connection.current = new ChatConnection(`/ws/chat/${opened.conversationId}`, "visitor", opened.token, setView);
  };

  const exit = () => quickExit(() => connection.current?.destroy());
  useEffect(() => listenForExitKeys(exit), []);
  useEffect(() => {
    applyLanguage(lang);
    document.title = t("app.title");
  }, [lang]);
  useEffect(() => {
    if (view?.lines.some((l) => l.from === "counsellor") && document.visibilityState === "visible") {
      connection.current?.markRead();
    }
  }, [view?.lines.length]);

  const start = async (e: Event) => {
    e.preventDefault();
    setStarting(true);
    setFailed(false);
    try {
      const chat = await api<StartChatResponse>("/api/chats", {
        inDanger: danger === "skip" ? null : danger === "yes",
        language: lang,
      });
      connect(chat);
    } catch {
      setFailed(true);
    } finally {
      setStarting(false);
    }
  };

  const again = () => {
    connection.current?.destroy();
    connection.current = null;
    setView(null);
  };

  return (
    <>
      <header class="bar">
        <span class="brand">Baken</span>
        <button type="button" class="link" onClick={() => setLang(lang === "nl" ? "en" : "nl")}>
          {t("lang.switch")}
        </button>
        <button type="button" class="exit" onClick={exit} title={t("exit.hint")}>
          {t("exit.button")}
        </button>
      </header>
      <main id="main">
        {!view && (
          <>
          <form class="card" onSubmit={start}>
            <h1>{t("start.heading")}</h1>
            <p>{t("start.promise")}</p>
            <fieldset>
              <legend>{t("start.danger.question")}</legend>
              {(["yes", "no", "skip"] as const).map((value) => (
                <label key={value} class="choice">
                  <input type="radio" name="danger" value={value} checked={danger === value} onChange={() => setDanger(value)} />
                  {t(`start.danger.${value}`)}
                </label>
              ))}
              {danger === "yes" && <p class="urgent">{t("start.danger.emergency")}</p>}
            </fieldset>
            <button type="submit" class="primary" disabled={starting}>
              {starting ? t("start.busy") : t("start.button")}
            </button>
            {failed && <p role="alert">{t("start.failed")}</p>}
            <p class="hint">{t("exit.hint")}</p>
            <a href="/privacy">{t("privacy.link")}</a>
          </form>
          <Resume t={t} lang={lang} onResumed={connect} />
          </>
        )}
        {view && view.status !== "ended" && !view.refused && (
          <section class="chat" aria-labelledby="chat-heading">
            <h1 id="chat-heading">
              {view.status === "waiting" ? t("wait.heading") : t("chat.with", { name: view.counsellor ?? "" })}
            </h1>
            {view.status === "waiting" && (
              <div class="waiting" role="status">
                {view.position !== null && <p>{t("wait.position", { position: view.position })}</p>}
                <p>
                  {view.waitSeconds === null
                    ? t("wait.noEstimate")
                    : t("wait.estimate", { minutes: Math.max(1, Math.round(view.waitSeconds / 60)) })}
                </p>
                <p>{t("wait.leaveMessage")}</p>
              </div>
            )}
            {view.connection === "offline" && <p role="status" class="notice">{t("chat.offline")}</p>}
            {view.lastError && (
              <p role="alert" class="notice">
                {view.lastError === "rate_limited" ? t("chat.error.rate_limited") : t("chat.error.generic")}
              </p>
            )}
            <Transcript
              lines={view.lines}
              me="visitor"
              label={t("chat.log")}
              who={(from) => (from === "visitor" ? t("chat.you") : view.counsellor ?? t("chat.counsellor"))}
              stateLabel={(state) => t(`chat.state.${state}`)}
            />
            {view.peerTyping && <p class="typing">{t("chat.typing", { name: view.counsellor ?? t("chat.counsellor") })}</p>}
            <Composer
              label={t("chat.input")}
              sendLabel={t("chat.send")}
              onSend={(text) => connection.current?.send(text)}
              onTyping={() => connection.current?.typing()}
            />
            <button type="button" class="secondary" onClick={() => connection.current?.end()}>
              {t("chat.end")}
            </button>
            {chat && <Consent chat={chat} view={view} t={t} lang={lang} />}
          </section>
        )}
        {view && (view.status === "ended" || view.refused) && (
          <section class="card" aria-labelledby="ended-heading">
            <h1 id="ended-heading">{t("ended.heading")}</h1>
            <p>{view.refused ? t("refused.text") : endedText(view, t, lang)}</p>
            <button type="button" class="primary" onClick={again}>
              {t("ended.again")}
            </button>
          </section>
        )}
      </main>
    </>
  );
}
