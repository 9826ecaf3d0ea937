/** Private notes on a chat: staff only, erased with the chat. Rendered as text like every message. */
import type { NoteOut } from "../../schema/protocol";
import { StaffLines } from "./staff-lines";

export function Notes({ notes, onAdd }: { notes: NoteOut[]; onAdd?: (text: string) => void }) {
  return <StaffLines lines={notes} class="notes" title="Private notes" inputId="note" inputLabel="New note" submitLabel="Add note" onAdd={onAdd} />;
}
