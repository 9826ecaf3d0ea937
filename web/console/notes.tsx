/** Private notes on a chat: staff only, erased with the chat. Rendered as text like every message. */
import { useState } from "preact/hooks";
import type { NoteOut } from "../../schema/protocol";

export function Notes({ notes, onAdd }: { notes: NoteOut[]; onAdd?: (text: string) => void }) {
  const [text, setText] = useState("");
  return (
    <aside class="notes" aria-label="Private notes">
      <h3>Private notes</h3>
      <ul>
        {notes.map((n) => (
          <li key={n.id}>
            <span class="who">{n.by}</span> <span class="text">{n.text}</span>
          </li>
        ))}
      </ul>
      {onAdd && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) onAdd(text.trim());
            setText("");
          }}
        >
          <label class="visually-hidden" for="note">New note</label>
          <input id="note" type="text" maxLength={2000} placeholder="New note" value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">Add note</button>
        </form>
      )}
    </aside>
  );
}
