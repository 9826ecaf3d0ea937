/**
 * One chat in the console: transcript, reply box with canned replies (Alt+1…9), private notes, and
 * the hand-over and end actions. An observed chat shows the same, read-only.
 */
import { useEffect, useState } from "preact/hooks";
import type { Colleague } from "../../schema/desk";
import type { HelplineSettings } from "../../schema/helpline";
import type { CarePartner } from "../../schema/handoff";
import type { EndReason } from "../../schema/protocol";
import type { Outcome, Topic } from "../../schema/stats";
import type { ChatConnection, Line } from "../shared/chat-connection";
import { Composer } from "../shared/composer";
import { Transcript } from "../shared/transcript";
import { Categorise } from "./categorise";
import { Details } from "./details";
import { HandoffForm, HandoffStatus } from "./handoff";
import { Notes } from "./notes";
import { Transfer } from "./transfer";
import type { ComponentChildren } from "preact";
import type { BlockResult } from "../../schema/block";
import { BlockNotice, BlockVisitor } from "./block-visitor";
import { URGENCY_LABEL } from "./urgency";
import type { OpenChat } from "./use-chats";
import { AskDebrief } from "./debrief";
import { Whisper } from "./whisper";

/** Said plainly, so a counsellor knows a quick exit from an ordinary goodbye: the visitor may be in danger. */
const ENDED_BECAUSE: Record<EndReason, string> = {
  visitor: "The visitor ended the chat.",
  counsellor: "The chat has ended.",
  quick_exit: "The visitor left by quick exit. They may not be safe to talk now; do not expect them back in this chat.",
  left: "The visitor closed the chat page.",
  abandoned: "The visitor was gone too long; the chat has ended.",
  deleted: "The visitor deleted this chat.",
  blocked: "You blocked the visitor; the chat has ended.",
};

type Props = {
  chat: OpenChat;
  connection: ChatConnection;
  helpline: string;
  canned: HelplineSettings["cannedReplies"];
  colleagues: Colleague[];
  partners: CarePartner[];
  onTransfer: (to: string, note: string) => Promise<void>;
  onEnd: (topic: Topic, outcome: Outcome) => Promise<void>;
  onClose: () => void;
  /** Safeguarding in this chat (safeguarding.tsx): the watched signal, escalating, joining. */
  safeguarding?: ComponentChildren;
};

export function ChatPanel({ chat, connection, helpline, canned, colleagues, partners, onTransfer, onEnd, onClose, safeguarding }: Props) {
  const { view, mode } = chat;
  const [action, setAction] = useState<"none" | "transfer" | "end" | "block" | "handoff">("none");
  const [blocked, setBlocked] = useState<BlockResult | null>(null);
  const observing = mode === "observing";
  useEffect(() => {
    if (!observing) connection.markRead();
  }, [view?.lines.length]);
  if (!view) return <section class="panel chat" aria-label="Chat"><p>Connecting…</p></section>;

  const ended = view.status === "ended";
  const cannedFor = (e: KeyboardEvent) => {
    if (!e.altKey || !/^Digit[1-9]$/.test(e.code)) return undefined;
    return canned[Number(e.code.slice(5)) - 1]?.text[chat.language];
  };
  // After a hand-over a colleague's earlier lines keep their name; only the holder's own are "You".
  const who = (line: Line) =>
    line.from === "visitor" ? "Visitor" : observing ? (line.name ?? view.counsellor ?? "Counsellor") : line.name === null || line.name === view.counsellor ? "You" : line.name;
  return (
    <section class="panel chat" aria-label="Chat">
      {chat.urgency && (
        <p class="notice urgent">
          <strong class="badge">{URGENCY_LABEL[chat.urgency]}</strong>
          {chat.urgency === "in_danger" ? " The visitor said they are in danger now." : " A risk word appeared in the visitor's first messages."}
        </p>
      )}
      {safeguarding}
      {observing && !view.supporter?.you && <p role="status" class="notice">Observing silently. The visitor is not told; you cannot write here.</p>}
      {view.connection === "offline" && !ended && !view.refused && <p role="status" class="notice">Reconnecting…</p>}
      {view.refused && <p role="alert" class="notice">This chat is no longer yours or no longer exists.</p>}
      {ended && (
        <p role={view.endedBy === "quick_exit" ? "alert" : "status"} class="notice">
          {view.endedBy ? ENDED_BECAUSE[view.endedBy] : "The chat has ended."}
        </p>
      )}
      {blocked && <BlockNotice result={blocked} />}
      <div class="chat-body">
        <Transcript lines={view.lines} me="counsellor" label="Messages" who={who} stateLabel={(state) => state} />
        <Notes notes={chat.notes} onAdd={observing || ended ? undefined : (text) => connection.note(text)} />
        <Whisper whispers={chat.whispers} observing={observing} onSend={ended || view.refused ? undefined : (text) => connection.whisper(text)} />
      </div>
      {view.peerTyping && <p class="typing">The visitor is typing…</p>}
      <HandoffStatus view={view} />
      {!observing && !ended && !view.refused && (
        <>
          <Composer
            label="Reply"
            sendLabel="Send"
            onSend={(text) => connection.send(text)}
            onTyping={() => connection.typing()}
            insertFor={cannedFor}
          />
          {canned.length > 0 && (
            <p class="hint">
              Canned replies: {canned.slice(0, 9).map((c, i) => `Alt+${i + 1} ${c.title}`).join(" · ")}
            </p>
          )}
          {action === "none" && (
            <div class="actions">
              <button type="button" onClick={() => setAction("transfer")}>Hand over</button>
              <button type="button" onClick={() => setAction("handoff")}>Warm handoff</button>
              <button type="button" onClick={() => setAction("end")}>End chat</button>
              <button type="button" onClick={() => setAction("block")}>Block visitor</button>
            </div>
          )}
          {action === "transfer" && <Transfer colleagues={colleagues} onTransfer={onTransfer} onCancel={() => setAction("none")} />}
          {action === "handoff" && <HandoffForm partners={partners} connection={connection} onDone={() => setAction("none")} />}
          {action === "end" && <Categorise ended={false} onSubmit={onEnd} onCancel={() => setAction("none")} />}
          {action === "block" && <BlockVisitor chatId={chat.id} helpline={helpline} onBlocked={setBlocked} onCancel={() => setAction("none")} />}
          <Details conversationId={chat.id} kept={view.keptUntil !== null} />
        </>
      )}
      {!observing && ended && <Categorise ended onSubmit={onEnd} />}
      {!observing && !view.refused && <AskDebrief helpline={helpline} />}
      {(observing || view.refused) && <button type="button" onClick={onClose}>Close</button>}
    </section>
  );
}
