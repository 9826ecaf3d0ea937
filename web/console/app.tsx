/**
 * The counsellor console: the live queue (urgent first), the chats this counsellor holds, one open
 * at a time in the main panel. Every assigned chat keeps its own connection so none misses a message.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { DeskSnapshot } from "../../schema/desk";
import type { SessionInfo } from "../../schema/http";
import type { StaffMember } from "../../schema/staff";
import { ApiFailure, api } from "../shared/api";
import { ChatConnection, type ChatView } from "../shared/chat-connection";
import { Login, Setup } from "./auth";
import { ChatPanel } from "./chat-panel";
import { connectDesk } from "./desk-connection";
import { Queue } from "./queue";

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const load = () => api<SessionInfo>("/api/session").then(setSession);
  useEffect(() => void load(), []);

  if (!session) return <p class="panel">Loading…</p>;
  if (session.needsSetup) return <Setup onDone={load} />;
  if (!session.staff) return <Login onLogin={(staff) => setSession({ staff, needsSetup: false })} />;
  return <Console staff={session.staff} onLogout={() => setSession({ staff: null, needsSetup: false })} />;
}

function Console({ staff, onLogout }: { staff: StaffMember; onLogout: () => void }) {
  const [desk, setDesk] = useState<DeskSnapshot>({ type: "desk", queue: [], mine: [] });
  const [online, setOnline] = useState(false);
  const [views, setViews] = useState<Record<string, ChatView>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const connections = useRef(new Map<string, ChatConnection>());

  useEffect(() => connectDesk(setDesk, setOnline), []);

  // Keep exactly one connection per chat assigned to me; chats that ended stay visible until closed.
  useEffect(() => {
    for (const { conversationId } of desk.mine) {
      if (connections.current.has(conversationId)) continue;
      const connection = new ChatConnection(`/ws/console/chat/${conversationId}`, "counsellor", undefined, (view) =>
        setViews((all) => ({ ...all, [conversationId]: view })),
      );
      connections.current.set(conversationId, connection);
      setSelected((current) => current ?? conversationId);
    }
  }, [desk.mine]);

  useEffect(() => () => connections.current.forEach((c) => c.destroy()), []);

  const accept = async (conversationId: string) => {
    setNotice(null);
    try {
      await api(`/api/console/chats/${conversationId}/accept`, {});
      setSelected(conversationId);
    } catch (err) {
      setNotice(err instanceof ApiFailure ? err.body.message : "Could not accept the chat.");
    }
  };

  const close = (conversationId: string) => {
    connections.current.get(conversationId)?.destroy();
    connections.current.delete(conversationId);
    setViews(({ [conversationId]: _gone, ...rest }) => rest);
    setSelected(null);
  };

  const logout = async () => {
    await api("/api/logout", {});
    connections.current.forEach((c) => c.destroy());
    onLogout();
  };

  const chatIds = Object.keys(views);
  const current = selected ? connections.current.get(selected) : undefined;
  const currentView = selected ? views[selected] : undefined;
  return (
    <div class="console">
      <header class="bar">
        <span class="brand">Baken console</span>
        <span class={online ? "online" : "offline"}>{online ? "Connected" : "Reconnecting…"}</span>
        <span>{staff.displayName} ({staff.role})</span>
        <button type="button" onClick={logout}>Log out</button>
      </header>
      <Queue queue={desk.queue} onAccept={accept} />
      <nav class="panel tabs" aria-label="My chats">
        <h2>My chats</h2>
        {chatIds.length === 0 && <p class="hint">No chats yet.</p>}
        <ul>
          {chatIds.map((id, i) => (
            <li key={id}>
              <button type="button" aria-current={id === selected} onClick={() => setSelected(id)}>
                Chat {i + 1}
                {views[id]?.status === "ended" ? " (ended)" : ""}
              </button>
              {views[id]?.status === "ended" && (
                <button type="button" class="link" onClick={() => close(id)}>Close</button>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {notice && <p role="alert" class="notice">{notice}</p>}
      {selected && current && currentView && <ChatPanel conversationId={selected} connection={current} view={currentView} />}
    </div>
  );
}
