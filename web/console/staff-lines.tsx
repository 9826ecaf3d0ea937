/**
 * A list of lines between staff beside a chat, with a one-line form to add one: the private notes and
 * the whisper share it. The visitor never sees these lines; they are rendered as text, never as HTML.
 */
import { useState } from "preact/hooks";

type Line = { id: number; by: string; text: string };

type Props = {
  lines: readonly Line[];
  /** The aside's classes, its accessible name and heading. */
  class: string;
  title: string;
  hint?: string;
  /** Announce new lines politely (lines others write while the counsellor reads the chat). */
  live?: boolean;
  inputId: string;
  inputLabel: string;
  submitLabel: string;
  /** Absent: read only. */
  onAdd?: (text: string) => void;
};

export function StaffLines({ lines, class: className, title, hint, live, inputId, inputLabel, submitLabel, onAdd }: Props) {
  const [text, setText] = useState("");
  return (
    <aside class={className} aria-label={title}>
      <h3>{title}</h3>
      {hint && <p class="hint">{hint}</p>}
      <ul aria-live={live ? "polite" : undefined}>
        {lines.map((l) => (
          <li key={l.id}>
            <span class="who">{l.by}</span> <span class="text">{l.text}</span>
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
          <label class="visually-hidden" for={inputId}>{inputLabel}</label>
          <input id={inputId} type="text" maxLength={2000} placeholder={inputLabel} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">{submitLabel}</button>
        </form>
      )}
    </aside>
  );
}
