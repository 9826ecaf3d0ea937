/**
 * The counsellor console: the live queue (urgent first), the chats this counsellor holds, each in its
 * own tab with an unread count, and for admins the account and audit pages.
 */
import { useEffect, useState } from "preact/hooks";
import type { DeskSnapshot, StaffStatus } from "../../schema/desk";
import type { HelplineSettings } from "../../schema/helpline";
import type { SessionInfo } from "../../schema/http";
import { CHAT_ROLES, OBSERVER_ROLES, type StaffMember } from "../../schema/staff";
import type { Outcome, Topic } from "../../schema/stats";
import { call } from "../shared/client";
import { Admin } from "./admin";
import { Blocks } from "./blocks";
import { OutreachLinks } from "./outreach";
import { Login, Setup } from "./auth";
import { NoDesk } from "./no-desk";
import { URGENCY_LABEL } from "./urgency";
import { ChatPanel } from "./chat-panel";
import { connectDesk } from "./desk-connection";
import { Queue } from "./queue";
import { ChatSafeguarding, escalatedIn } from "./safeguarding";
import { SupervisorAlerts } from "./supervisor-alerts";
import { Settings } from "./settings";
import { HandoffLookup } from "./handoff-lookup";
import type { CarePartner } from "../../schema/handoff";
import { StatusBar } from "./status-bar";
import { FactorRequired } from "./factor-required";
import { TotpEnrol } from "./totp";
import { unread, useChats } from "./use-chats";
import { DebriefRequests } from "./debrief";
import { useAction } from "./use-action";
import { Team } from "./team";
import { Shift } from "./wellbeing";
import type { DebriefRequest } from "../../schema/wellbeing";


export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const load = () => call("GET /api/session").then(setSession);
  useEffect(() => void load(), []);

  if (!session) return <p class="panel">Loading…</p>;
  if (session.needsSetup) return <Setup onDone={load} />;
  if (!session.staff) return <Login onLogin={() => void load()} />;
  const loggedOut = () => setSession({ staff: null, needsSetup: false, helplines: [], secondFactor: null });
  if (session.secondFactor === "required") return <FactorRequired onEnabled={() => void load()} onLogout={loggedOut} />;
  if (!CHAT_ROLES.includes(session.staff.role)) return <NoDesk staff={session.staff} onLogout={loggedOut} />;
  const helpline = session.helplines.find((h) => h.id === chosen) ?? session.helplines[0];
  if (!helpline) return <p class="panel" role="alert">Your account does not work for any helpline yet. Ask an admin to add you to one.</p>;
  // One helpline at a time: switching remounts the console, with that helpline's queue and chats.
  return (
    <Console
      key={helpline.id}
      staff={session.staff}
      helpline={helpline.id}
      helplines={session.helplines}
      onHelpline={setChosen}
      onLogout={loggedOut}
      noFactor={session.secondFactor === "off"}
    />
  );
}

const EMPTY_DESK: DeskSnapshot = {
  type: "desk",
  queue: [],
  mine: [],
  me: { status: "available", capacity: 1, uncategorised: 0 },
  colleagues: [],
  observable: [],
  alerts: [],
};

type Page = "chats" | "admin" | "settings" | "outreach" | "totp" | "blocks" | "team" | "handoffs";

type ConsoleProps = {
  staff: StaffMember;
  helpline: string;
  helplines: SessionInfo["helplines"];
  onHelpline: (id: string) => void;
  onLogout: () => void;
  /** The member signs in with a password alone, so a flood of wrong guesses can keep them out for a while. */
  noFactor: boolean;
};

function Console({ staff, helpline, helplines, onHelpline, onLogout, noFactor }: ConsoleProps) {
  const [desk, setDesk] = useState<DeskSnapshot>(EMPTY_DESK);
  const [online, setOnline] = useState(false);
  const { message: notice, setMessage: setNotice, run: attempt } = useAction("Could not reach the server.");
  const [sound, setSound] = useState(false);
  const [page, setPage] = useState<Page>("chats");
  const [canned, setCanned] = useState<HelplineSettings["cannedReplies"]>([]);
  const chats = useChats(desk.mine);
  const [debriefs, setDebriefs] = useState<DebriefRequest[]>([]);

  useEffect(
    () =>
      connectDesk(
        helpline,
        setDesk,
        setOnline,
        () => {
          chats.closeAll();
          onLogout();
        },
        (request) => setDebriefs((all) => [...all, request]),
      ),
    [],
  );
  useEffect(() => void call("GET /api/console/canned", { helpline }).then(setCanned), []);
  const [partners, setPartners] = useState<CarePartner[]>([]);
  // Asked again on each page change, so partners an admin just saved are there when they return to the chats.
  useEffect(() => void call("GET /api/console/handoffs/partners", { helpline }).then(setPartners, () => undefined), [page]);

  const accept = async (id: string) => {
    if (await attempt(() => call("POST /api/console/chats/:id/accept", { param: { id }, helpline }), "Could not accept the chat.")) chats.select(id);
  };
  const setStatus = (status: StaffStatus, capacity: number) =>
    void attempt(() => call("POST /api/console/status", { json: { status, capacity }, helpline }), "Could not change your status.");
  const transfer = async (id: string, to: string, note: string) => {
    if (await attempt(() => call("POST /api/console/chats/:id/transfer", { param: { id }, json: { to, note }, helpline }), "Could not hand over the chat.")) {
      chats.close(id);
      // The chat leaves this console at once; say that it went where it was meant to.
      setNotice(`The chat was handed over to ${desk.colleagues.find((c) => c.id === to)?.displayName ?? "your colleague"}.`);
    }
  };
  const end = async (id: string, topic: Topic, outcome: Outcome) => {
    if (await attempt(() => call("POST /api/console/chats/:id/end", { param: { id }, json: { topic, outcome }, helpline }), "Could not end the chat.")) chats.close(id);
  };
  const logout = async () => {
    await call("POST /api/logout");
    chats.closeAll();
    onLogout();
  };

  const current = chats.selected;
  const connection = current ? chats.connection(current.id) : undefined;
  const held = chats.chats.filter((c) => c.mode === "mine" && c.view?.status !== "ended").length;
  return (
    <div class="console">
      <StatusBar staff={staff} online={online} me={desk.me} sound={sound} onSound={setSound} onStatus={setStatus} onLogout={logout}>
        {desk.wellbeing && <Shift wellbeing={desk.wellbeing} onBreak={() => setStatus("away", desk.me.capacity)} />}
        <DebriefRequests requests={debriefs} onDismiss={(done) => setDebriefs((all) => all.filter((r) => r !== done))} />
      </StatusBar>
      <nav class="pages" aria-label="Console pages">
        {helplines.length > 1 && (
          <label class="helpline-choice">
            Helpline
            <select value={helpline} onChange={(e) => onHelpline(e.currentTarget.value)}>
              {helplines.map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
            </select>
          </label>
        )}
        <button type="button" aria-current={page === "chats"} onClick={() => setPage("chats")}>Chats</button>
        <button type="button" aria-current={page === "handoffs"} onClick={() => setPage("handoffs")}>Handoffs</button>
        {staff.role === "admin" && (
          <>
            <button type="button" aria-current={page === "admin"} onClick={() => setPage("admin")}>Accounts and audit</button>
            <button type="button" aria-current={page === "settings"} onClick={() => setPage("settings")}>Helpline settings</button>
          </>
        )}
        {(staff.role === "outreach" || staff.role === "admin") && (
          <button type="button" aria-current={page === "outreach"} onClick={() => setPage("outreach")}>Outreach links</button>
        )}
        {OBSERVER_ROLES.includes(staff.role) && (
          <button type="button" aria-current={page === "blocks"} onClick={() => setPage("blocks")}>Blocked visitors</button>
        )}
        {desk.wellbeing?.team && (
          <button type="button" aria-current={page === "team"} onClick={() => setPage("team")}>Team load</button>
        )}
        <button type="button" aria-current={page === "totp"} onClick={() => setPage("totp")}>Second factor</button>
      </nav>
      {noFactor && page !== "totp" && (
        <p class="panel notice" role="note">
          You sign in with a password alone: while someone floods sign-in with wrong guesses, you cannot sign in for up
          to 15 minutes. With a <button type="button" class="link" onClick={() => setPage("totp")}>second factor</button>, your password and a code always get you in.
        </p>
      )}
      {page === "admin" && <Admin helpline={helpline} helplines={helplines} />}
      {page === "settings" && <Settings helpline={helpline} />}
      {page === "outreach" && <OutreachLinks helpline={helpline} />}
      {page === "blocks" && <Blocks helpline={helpline} />}
      {page === "handoffs" && <HandoffLookup helpline={helpline} />}
      {page === "totp" && <TotpEnrol onDone={() => setPage("chats")} />}
      {page === "team" && <Team team={desk.wellbeing?.team ?? []} />}
      {page === "chats" && (
        <>
          <SupervisorAlerts alerts={desk.alerts} sound={sound} onOpen={(id) => { chats.observe(id); chats.select(id); }} />
          <Queue queue={desk.queue} flood={desk.flood} sound={sound} canAccept={desk.me.status !== "away" && held < desk.me.capacity} onAccept={accept} />
          <nav class="panel tabs" aria-label="My chats">
            <h2>My chats</h2>
            {chats.chats.length === 0 && <p class="hint">No chats yet.</p>}
            <ul>
              {chats.chats.map((chat, i) => {
                const count = chat.id === current?.id ? 0 : unread(chat);
                return (
                  <li key={chat.id}>
                    <button type="button" data-chat={chat.id} aria-current={chat.id === current?.id} onClick={() => chats.select(chat.id)}>
                      {chat.mode === "observing" ? "Observing" : "Chat"} {i + 1}
                      {chat.urgency && <strong class="badge"> {URGENCY_LABEL[chat.urgency]}</strong>}
                      {chat.view?.watched && <strong class="badge watched"> Someone is watching</strong>}
                      {chat.view?.status === "ended" ? " (ended)" : ""}
                      {count > 0 && (
                        <span class="unread">
                          <span aria-hidden="true">{count}</span>
                          <span class="visually-hidden">{count} unread</span>
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ul>
            {desk.me.uncategorised > chats.chats.filter((c) => c.view?.status === "ended").length && (
              <p class="hint">Some ended chats were not categorised before this page was opened.</p>
            )}
            {desk.observable.length > 0 && (
              <>
                <h2>Observe</h2>
                <ul>
                  {desk.observable.map((o) => (
                    <li key={o.conversationId}>
                      <button type="button" onClick={() => chats.observe(o.conversationId)}>Chat of {o.counsellor}</button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </nav>
          {notice && <p role="alert" class="notice">{notice}</p>}
          {current && connection && (
            <ChatPanel
              key={current.id}
              chat={current}
              connection={connection}
              helpline={helpline}
              canned={canned}
              colleagues={desk.colleagues.filter((c) => c.id !== staff.id)}
              partners={partners}
              onTransfer={(to, note) => transfer(current.id, to, note)}
              onEnd={(topic, outcome) => end(current.id, topic, outcome)}
              onClose={() => chats.close(current.id)}
              safeguarding={
                <ChatSafeguarding
                  chat={current}
                  connection={connection}
                  escalated={escalatedIn(desk, current.id)}
                  helpline={helpline}
                />
              }
            />
          )}
        </>
      )}
    </div>
  );
}
