/**
 * The visitor page: start without an account, wait with an honest place in the queue, chat, end; or,
 * outside opening hours, see when the helpline opens and where to go now. All chat state lives in
 * memory, except the open chat's token, held in this tab only so a reload continues the chat
 * (tab-chat.ts); closing the tab, the chat's end and the quick exit forget it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { HelplineInfo } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import type { LeaveReason } from "../../schema/protocol";
import { ApiFailure, call } from "../shared/client";
import { ChatConnection, type ChatView } from "../shared/chat-connection";
import { pageHelpline } from "../shared/helpline";
import { type Lang, applyLanguage, loadLanguage, translator } from "../shared/i18n";
import { ChatScreen } from "./chat";
import { BusyScreen } from "./busy";
import { ClosedScreen } from "./closed";
import { PrivacyScreen } from "./privacy";
import { Consent } from "./consent";
import { EndedScreen } from "./ended";
import { Handoff } from "./handoff";
import { listenForExitKeys, quickExit } from "../shared/quick-exit";
import { useLeaveGuard } from "./leave-guard";
import { forgetInTab, heldInTab, holdInTab } from "./tab-chat";
import { Resume } from "./resume";
import { type StartProblem, StartScreen } from "./start";
import { WatchTip } from "./watched";
import { startWithWork } from "./start-with-work";

type Screen = "start" | "privacy" | "closed" | "busy" | "blocked" | "chat" | "ended";

function screenOf(info: HelplineInfo | null, view: ChatView | null, readingPrivacy: boolean, veryBusy: boolean, blocked: boolean): Screen {
  if (!view) return readingPrivacy ? "privacy" : info?.openNow === false ? "closed" : blocked ? "blocked" : veryBusy ? "busy" : "start";
  return view.status === "ended" || view.refused ? "ended" : "chat";
}

/**
 * The code of the outreach link this page was opened from (/i/<code>), read once. The address bar is
 * set back to "/" at once, so the link does not stay in the browser's history.
 */
function takeInvite(): string | null {
  const match = /^\/i\/([A-Za-z0-9_-]{16})$/.exec(location.pathname);
  if (!match?.[1]) return null;
  history.replaceState(null, "", "/");
  return match[1];
}

export function App() {
  const [lang, setLang] = useState<Lang>("nl");
  // The switch takes effect once the language has loaded; if it cannot load now, the page stays as it is.
  const switchLanguage = (next: Lang) => loadLanguage(next).then(() => setLang(next), () => undefined);
  const [neutralTitle, setNeutralTitle] = useState(false);
  const [info, setInfo] = useState<HelplineInfo | null>(null);
  const [view, setView] = useState<ChatView | null>(null);
  const connection = useRef<ChatConnection | null>(null);
  /** Ends the open chat when the page goes; null while no chat is open (see useLeaveGuard). */
  const leaveChat = useRef<(() => void) | null>(null);
  const invite = useRef<string | null>(null);
  /** The helpline this page is for: its path or query, an outreach link's, or (null) the host's. */
  const helpline = useRef<string | null>(pageHelpline());
  /** The chat's id and token: consent needs them; this tab holds them for a reload (tab-chat.ts). */
  const [chat, setChat] = useState<StartChatResponse | null>(null);
  const [inDanger, setInDanger] = useState(false);
  /** The privacy text is a screen of this page, not a link: no history entry, and quick exit stays. */
  const [readingPrivacy, setReadingPrivacy] = useState(false);
  /** The start was refused as very busy (the helpline's ceiling on starts per minute). */
  const [veryBusy, setVeryBusy] = useState(false);
  /** The start was refused: a counsellor blocked this network for a while. */
  const [blocked, setBlocked] = useState(false);
  /** The start's proof of work has taken long enough to say so. */
  const [working, setWorking] = useState(false);
  const t = translator(lang);
  const screen = screenOf(info, view, readingPrivacy, veryBusy, blocked);

  const loadInfo = () => call("GET /api/helpline", { helpline: helpline.current }).then(setInfo, () => undefined);
  useEffect(() => {
    // A reload in the middle of a chat: continue it, its transcript from the server.
    const held = heldInTab();
    if (held) {
      helpline.current = held.helpline;
      loadInfo();
      return connect(held);
    }
    const code = takeInvite();
    if (!code) return void loadInfo();
    // Counted as opened once per page load (takeInvite took the code out of the address, so a reload
    // does not count again); a link that no longer works leads to an ordinary chat.
    call("POST /api/invites/:code/opened", { param: { code } }).catch(() => undefined);
    call("GET /api/invites/:code", { param: { code } })
      .then((link) => {
        invite.current = code;
        helpline.current = link.helpline;
      }, () => undefined)
      .then(loadInfo);
  }, []);
  // Each helpline's own colour (the worker checked its contrast) and logo.
  useEffect(() => {
    if (info) document.documentElement.style.setProperty("--accent", info.theme.accent);
  }, [info]);

  const connect = (opened: StartChatResponse) => {
    holdInTab({ conversationId: opened.conversationId, token: opened.token, helpline: helpline.current });
    setChat(opened);
    connection.current = new ChatConnection(`/ws/chat/${opened.conversationId}`, "visitor", opened.token, (next) => {
      // An ended, deleted or refused chat leaves nothing in the tab for a reload to find, from the
      // moment the page hears it, before the ended screen shows.
      if (next.status === "ended" || next.refused) forgetInTab();
      setView(next);
    });
  };
  const drop = () => {
    forgetInTab();
    leaveChat.current = null;
    connection.current?.destroy();
    connection.current = null;
    setChat(null);
    setView(null);
  };
  const leave = (why: LeaveReason) => {
    if (chat) connection.current?.leave(chat.conversationId, why);
  };
  // The key listener lives for the whole page; it reads the latest neutral site through this ref.
  const exit = useRef(() => {});
  exit.current = () =>
    quickExit(info?.neutralSite, () => {
      leave("quick_exit");
      drop();
    });
  // While a chat is open, leaving the page (a reload, a closed tab) says goodbye: a reload comes back
  // within the server's short grace, a closed tab does not and ends as a closed page, not a quick exit.
  leaveChat.current = chat && view && view.status !== "ended" && !view.refused ? () => leave("left") : null;
  useLeaveGuard(leaveChat);
  useEffect(() => listenForExitKeys(() => exit.current()), []);

  // The tab bears the helpline's own name, once known; until then, and without one, Baken's.
  const name = info?.name ?? t("app.name");
  useEffect(() => {
    applyLanguage(lang);
    document.title = neutralTitle ? t("app.neutralTitle") : t("app.title", { name });
  }, [lang, neutralTitle, name]);

  // A new screen takes focus to its heading, so keyboard and screen-reader users land on it.
  const shown = useRef<Screen>(screen);
  useEffect(() => {
    if (shown.current !== screen) document.querySelector<HTMLElement>("main h1")?.focus();
    shown.current = screen;
  }, [screen]);

  // "Tried outside opening hours" counts page views of the closed screen, once per page load. A start
  // refused as closed was counted by the server already.
  const closedCounted = useRef(false);
  useEffect(() => {
    if (screen !== "closed" || closedCounted.current) return;
    closedCounted.current = true;
    call("POST /api/closed-visit", { helpline: helpline.current }).catch(() => undefined);
  }, [screen]);

  const start = async (inDanger: boolean | null): Promise<StartProblem | null> => {
    try {
      const body = { inDanger, language: lang, ...(invite.current ? { invite: invite.current } : {}) };
      connect(await startWithWork(helpline.current, body, setWorking));
      setInDanger(inDanger === true);
      invite.current = null;
      return null;
    } catch (error) {
      const code = error instanceof ApiFailure ? error.body.error : null;
      // The link was used up between opening and starting: start an ordinary chat instead.
      if (code === "not_found" && invite.current) {
        invite.current = null;
        return start(inDanger);
      }
      if (code === "closed") {
        closedCounted.current = true;
        await loadInfo();
      }
      if (code === "very_busy") setVeryBusy(true);
      if (code === "blocked") setBlocked(true);
      if (code === "closed" || code === "very_busy" || code === "blocked") return null;
      return code === "queue_full" ? "full" : code === "rate_limited" ? "limited" : "failed";
    }
  };

  return (
    <>
      <header class="bar">
        <span class="brand">
          {info?.theme.logo && <img src={info.theme.logo} alt="" />}
          {name}
        </span>
        <button type="button" class="link" lang={lang === "nl" ? "en" : "nl"} aria-label={t("lang.switchLabel")} onClick={() => switchLanguage(lang === "nl" ? "en" : "nl")}>
          {t("lang.switch")}
        </button>
        <button type="button" class="exit" onClick={() => exit.current()} aria-describedby="exit-hint">
          {t("exit.button")}
        </button>
        <span id="exit-hint" class="visually-hidden">{t("exit.hint")}</span>
      </header>
      <main id="main">
        {screen === "start" && (
          <>
            <StartScreen t={t} onStart={start} working={working} neutralTitle={neutralTitle} onNeutralTitle={setNeutralTitle} />
            <WatchTip t={t} words={info?.watchWords} lang={lang} />
            <Resume t={t} lang={lang} onResumed={connect} />
            <p>
              <button type="button" class="link" onClick={() => setReadingPrivacy(true)}>
                {t("privacy.link")}
              </button>
            </p>
          </>
        )}
        {screen === "privacy" && <PrivacyScreen lang={lang} name={name} onBack={() => setReadingPrivacy(false)} />}
        {screen === "closed" && info && <ClosedScreen t={t} lang={lang} info={info} onRetry={loadInfo} />}
        {screen === "busy" && <BusyScreen t={t} lang={lang} info={info} onRetry={() => setVeryBusy(false)} />}
        {screen === "blocked" && <BusyScreen t={t} lang={lang} info={info} onRetry={() => setBlocked(false)} blocked />}
        {screen === "chat" && view && connection.current && (
          <>
            <ChatScreen t={t} view={view} connection={connection.current} inDanger={inDanger} watchWords={info?.watchWords} />
            {chat && <Consent chat={chat} view={view} t={t} lang={lang} helpline={info?.id ?? null} />}
            <Handoff t={t} lang={lang} view={view} connection={connection.current} helpline={info?.id ?? null} />
          </>
        )}
        {screen === "ended" && view && (
          <EndedScreen t={t} lang={lang} view={view} info={info} onAgain={drop}>
            {/* The partner's contact and the code stay until the visitor leaves or starts again. */}
            <Handoff t={t} lang={lang} view={view} connection={null} helpline={info?.id ?? null} />
          </EndedScreen>
        )}
      </main>
    </>
  );
}
