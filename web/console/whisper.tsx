/**
 * Whisper: a private line beside a chat between the counsellor and an observing supervisor, for
 * coaching. The visitor never sees it (the server sends it to staff sockets only); it is erased with
 * the chat, like the notes. Rendered as text, never as HTML.
 */
import { useState } from "preact/hooks";
import type { WhisperOut } from "../../schema/protocol";

type Props = { whispers: WhisperOut[]; observing: boolean; onSend?: (text: string) => void };

export function Whisper({ whispers, observing, onSend }: Props) {
  const [text, setText] = useState("");
  const label = observing ? "Whisper to the counsellor" : "Whisper to a supervisor";
  return (
    <aside class="notes whisper" aria-label="Whisper">
      <h3>Whisper</h3>
      <p class="hint">Between you and {observing ? "the counsellor" : "an observing supervisor"}; the visitor never sees it.</p>
      {/* Polite: a supervisor's tip should reach a screen reader without cutting the visitor's message off. */}
      <ul aria-live="polite">
        {whispers.map((w) => (
          <li key={w.id}>
            <span class="who">{w.by}</span> <span class="text">{w.text}</span>
          </li>
        ))}
      </ul>
      {onSend && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) onSend(text.trim());
            setText("");
          }}
        >
          <label class="visually-hidden" for="whisper">{label}</label>
          <input id="whisper" type="text" maxLength={2000} placeholder={label} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">Whisper</button>
        </form>
      )}
    </aside>
  );
}
