/** One chat in the console: its transcript, the reply box and the end button. */
import { useEffect } from "preact/hooks";
import type { ChatConnection, ChatView } from "../shared/chat-connection";
import { Composer } from "../shared/composer";
import { Transcript } from "../shared/transcript";
import { Details } from "./details";

export function ChatPanel({ conversationId, connection, view }: { conversationId: string; connection: ChatConnection; view: ChatView }) {
  useEffect(() => connection.markRead(), [view.lines.length]);
  return (
    <section class="panel chat" aria-label="Chat">
      {view.connection === "offline" && <p role="status" class="notice">Reconnecting…</p>}
      {view.refused && <p role="alert" class="notice">This chat is no longer yours or no longer exists.</p>}
      {view.status === "ended" && <p role="status" class="notice">The chat has ended ({view.endedBy}).</p>}
      <Transcript
        lines={view.lines}
        me="counsellor"
        label="Messages"
        who={(from) => (from === "visitor" ? "Visitor" : "You")}
        stateLabel={(state) => state}
      />
      {view.peerTyping && <p class="typing">The visitor is typing…</p>}
      {view.status !== "ended" && (
        <>
          <Composer label="Reply" sendLabel="Send" onSend={(text) => connection.send(text)} onTyping={() => connection.typing()} />
          <button type="button" onClick={() => connection.end()}>End chat</button>
          <Details conversationId={conversationId} kept={view.keptUntil !== null} />
        </>
      )}
    </section>
  );
}
