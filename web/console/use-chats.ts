/**
 * The chats open in this console: one live connection per chat, its private notes, and how many
 * visitor messages arrived since the counsellor last looked at its tab.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { AssignedChat, Urgency } from "../../schema/desk";
import type { Language } from "../../schema/language";
import type { NoteOut, WhisperOut } from "../../schema/protocol";
import { ChatConnection, type ChatView } from "../shared/chat-connection";

export type OpenChat = {
  id: string;
  mode: "mine" | "observing";
  language: Language;
  /** Kept from when the chat was opened, so the mark stays after the chat ended too. */
  urgency: Urgency;
  view: ChatView | null;
  notes: NoteOut[];
  /** Coaching between the counsellor and observing supervisors (whisper.tsx). */
  whispers: WhisperOut[];
  /** Highest visitor seq seen while the tab was selected. */
  seen: number;
};

const lastVisitorSeq = (view: ChatView | null) =>
  view?.lines.filter((l) => l.from === "visitor").reduce((max, l) => Math.max(max, l.seq ?? 0), 0) ?? 0;

export function unread(chat: OpenChat): number {
  return chat.view?.lines.filter((l) => l.from === "visitor" && (l.seq ?? 0) > chat.seen).length ?? 0;
}

export function useChats(mine: AssignedChat[]) {
  const [chats, setChats] = useState<Record<string, OpenChat>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const connections = useRef(new Map<string, ChatConnection>());

  const patch = (id: string, change: (chat: OpenChat) => Partial<OpenChat>) =>
    setChats((all) => {
      const chat = all[id];
      return chat ? { ...all, [id]: { ...chat, ...change(chat) } } : all;
    });

  const open = (id: string, mode: OpenChat["mode"], language: Language, urgency: Urgency = null) => {
    if (connections.current.has(id)) return;
    const path = mode === "mine" ? `/ws/console/chat/${id}` : `/ws/console/observe/${id}`;
    const connection = new ChatConnection(
      path,
      "counsellor",
      undefined,
      (view) => patch(id, () => ({ view })),
      (line) =>
        patch(id, (c) =>
          line.type === "note"
            ? { notes: c.notes.some((n) => n.id === line.id) ? c.notes : [...c.notes, line] }
            : { whispers: c.whispers.some((w) => w.id === line.id) ? c.whispers : [...c.whispers, line] },
        ),
    );
    connections.current.set(id, connection);
    setChats((all) => ({ ...all, [id]: { id, mode, language, urgency, view: null, notes: [], whispers: [], seen: 0 } }));
    setSelected((current) => current ?? id);
  };

  const close = (id: string) => {
    connections.current.get(id)?.destroy();
    connections.current.delete(id);
    setChats(({ [id]: _gone, ...rest }) => rest);
    setSelected((current) => (current === id ? null : current));
  };

  // One connection per chat assigned to me; a chat handed to a colleague leaves, an ended one stays
  // until it is categorised.
  useEffect(() => {
    for (const chat of mine) open(chat.conversationId, "mine", chat.language, chat.urgency);
    const held = new Set(mine.map((m) => m.conversationId));
    for (const chat of Object.values(chats)) {
      if (chat.mode === "mine" && !held.has(chat.id) && chat.view?.status !== "ended") close(chat.id);
    }
  }, [mine]);

  // The selected tab counts as read.
  useEffect(() => {
    const chat = selected ? chats[selected] : undefined;
    if (chat && lastVisitorSeq(chat.view) > chat.seen) patch(chat.id, (c) => ({ seen: lastVisitorSeq(c.view) }));
  }, [selected, selected ? chats[selected]?.view : null]);

  useEffect(
    () => () => {
      for (const c of connections.current.values()) c.destroy();
    },
    [],
  );

  return {
    chats: Object.values(chats),
    selected: selected ? chats[selected] : undefined,
    connection: (id: string) => connections.current.get(id),
    select: setSelected,
    observe: (id: string) => open(id, "observing", "nl"),
    close,
    closeAll: () => {
      for (const c of connections.current.values()) c.destroy();
    },
  };
}
