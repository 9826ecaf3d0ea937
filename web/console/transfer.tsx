/** Hands the chat to an available colleague, with a note only staff will see. */
import { useState } from "preact/hooks";
import type { Colleague } from "../../schema/desk";

type Props = { colleagues: Colleague[]; onTransfer: (to: string, note: string) => Promise<void>; onCancel: () => void };

export function Transfer({ colleagues, onTransfer, onCancel }: Props) {
  const free = colleagues.filter((c) => c.status === "available" && c.open < c.capacity);
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    if (to) await onTransfer(to, note);
  };
  return (
    <form class="transfer" onSubmit={submit} aria-label="Hand over the chat">
      <h3>Hand over to a colleague</h3>
      {free.length === 0 && <p class="hint">No colleague is available right now.</p>}
      <label>
        Colleague
        <select required value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {free.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName} ({c.open}/{c.capacity})
            </option>
          ))}
        </select>
      </label>
      <label>
        Handover note (staff only)
        <textarea rows={2} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={!to}>Hand over</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}
