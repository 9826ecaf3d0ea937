/** The message box: Enter sends, Shift+Enter makes a new line, typing is announced at most every few seconds. */
import { useState } from "preact/hooks";
import { LIMITS } from "../../schema/limits";

type Props = {
  label: string;
  sendLabel: string;
  onSend: (text: string) => void;
  onTyping: () => void;
  /** Text a key press inserts instead of its usual effect (the console's canned replies). */
  insertFor?: (e: KeyboardEvent) => string | undefined;
};

export function Composer({ label, sendLabel, onSend, onTyping, insertFor }: Props) {
  const [text, setText] = useState("");
  const submit = (e?: Event) => {
    e?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    onSend(trimmed);
    setText("");
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label class="visually-hidden" for="message">{label}</label>
      <textarea
        id="message"
        rows={2}
        maxLength={LIMITS.messageChars}
        placeholder={label}
        value={text}
        autocomplete="off"
        onInput={(e) => {
          setText(e.currentTarget.value);
          onTyping();
        }}
        onKeyDown={(e) => {
          const inserted = insertFor?.(e);
          if (inserted !== undefined) {
            e.preventDefault();
            setText((t) => (t ? `${t} ${inserted}` : inserted));
          } else if (e.key === "Enter" && !e.shiftKey) submit(e);
        }}
      />
      <button type="submit">{sendLabel}</button>
    </form>
  );
}
