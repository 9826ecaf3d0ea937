/**
 * Safeguarding inside one chat: the visitor's "someone is watching" signal, shown at once and
 * announced; escalating the chat to the supervisors on shift (a reason category, no text); and, for a
 * supervisor observing an escalated chat, joining it as a second staff party under their own name.
 */
import { useState } from "preact/hooks";
import type { DeskSnapshot } from "../../schema/desk";
import { EscalationReason } from "../../schema/safeguarding";
import { call } from "../shared/client";
import { useAction } from "./use-action";
import type { ChatConnection } from "../shared/chat-connection";
import { Composer } from "../shared/composer";
import type { OpenChat } from "./use-chats";

export const REASON_LABEL: Record<EscalationReason, string> = {
  immediate_danger: "Immediate danger",
  disclosure_of_abuse: "Disclosure of abuse or exploitation",
  suicide_or_self_harm: "Suicide or self-harm",
  out_of_my_depth: "I need a supervisor's help",
  other: "Other",
};

type Props = {
  chat: OpenChat;
  connection: ChatConnection;
  /** The chat was escalated (see escalatedIn). */
  escalated: boolean;
  /** The console's helpline scope for an API path. */
  helpline: string;
};

/** Whether a chat is escalated, as the Desk says: for its holder in their chats, for a supervisor in their alerts. */
export function escalatedIn(desk: DeskSnapshot, conversationId: string): boolean {
  return (
    desk.mine.some((m) => m.conversationId === conversationId && m.escalated) ||
    desk.alerts.some((a) => a.kind === "escalated" && a.conversationId === conversationId)
  );
}

export function ChatSafeguarding({ chat, connection, escalated, helpline }: Props) {
  const view = chat.view;
  if (!view) return null;
  const open = view.status !== "ended" && !view.refused;
  return (
    <>
      {view.watched && (
        <p role="alert" class="notice watched">
          <strong class="badge">Someone is watching</strong> The visitor signalled that they are not alone. Write as if
          someone else reads along: nothing that names the helpline, exploitation or help. The signal stays until they lift it.
        </p>
      )}
      {view.supporter && !view.supporter.you && <p role="status" class="notice">{view.supporter.name} (supervisor) joined this chat.</p>}
      {open && chat.mode === "mine" && <Escalate chatId={chat.id} escalated={escalated} helpline={helpline} />}
      {open && chat.mode === "observing" && escalated && <Join chatId={chat.id} connection={connection} joined={view.supporter?.you === true} helpline={helpline} />}
    </>
  );
}

const TRY_AGAIN = "That did not work; try again.";

function Escalate({ chatId, escalated, helpline }: { chatId: string; escalated: boolean; helpline: string }) {
  const [reason, setReason] = useState<EscalationReason>("immediate_danger");
  // Shown at once on success; after a reload the Desk's chats list says it (escalatedIn).
  const [done, setDone] = useState(false);
  const { message: problem, busy, run } = useAction(TRY_AGAIN);
  if (done || escalated) return <p role="status" class="notice escalated">Escalated: every supervisor on shift was alerted and can join this chat.</p>;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await run(() => call("POST /api/console/chats/:id/escalate", { param: { id: chatId }, json: { reason }, helpline }))) setDone(true);
  };
  return (
    <form class="inline escalate" onSubmit={submit}>
      <label class="inline">
        Escalation reason
        <select value={reason} onChange={(e) => setReason(EscalationReason.parse(e.currentTarget.value))}>
          {EscalationReason.options.map((r) => <option key={r} value={r}>{REASON_LABEL[r]}</option>)}
        </select>
      </label>
      <button type="submit" disabled={busy}>Escalate to supervisors</button>
      {problem && <span role="alert">{problem}</span>}
    </form>
  );
}

function Join({ chatId, connection, joined, helpline }: { chatId: string; connection: ChatConnection; joined: boolean; helpline: string }) {
  const { message: problem, busy, run } = useAction(TRY_AGAIN);
  if (joined) {
    return (
      <>
        <p role="status" class="notice">You joined this chat: the visitor sees your messages under your display name.</p>
        <Composer label="Reply as supervisor" sendLabel="Send" onSend={(text) => connection.send(text)} onTyping={() => connection.typing()} />
      </>
    );
  }
  return (
    <p class="inline">
      <button type="button" disabled={busy} onClick={() => void run(() => call("POST /api/console/chats/:id/join", { param: { id: chatId }, helpline }))}>
        Join this chat
      </button>
      <span class="hint">The visitor will see that you joined, under your display name.</span>
      {problem && <span role="alert">{problem}</span>}
    </p>
  );
}
