/**
 * Whisper: a private line beside a chat between the counsellor and an observing supervisor, for
 * coaching. The visitor never sees it (the server sends it to staff sockets only); it is erased with
 * the chat, like the notes.
 */
import type { WhisperOut } from "../../schema/protocol";
import { StaffLines } from "./staff-lines";

type Props = { whispers: WhisperOut[]; observing: boolean; onSend?: (text: string) => void };

export function Whisper({ whispers, observing, onSend }: Props) {
  const label = observing ? "Whisper to the counsellor" : "Whisper to a supervisor";
  return (
    <StaffLines
      lines={whispers}
      class="notes whisper"
      title="Whisper"
      hint={`Between you and ${observing ? "the counsellor" : "an observing supervisor"}; the visitor never sees it.`}
      // Polite: a supervisor's tip should reach a screen reader without cutting the visitor's message off.
      live
      inputId="whisper"
      inputLabel={label}
      submitLabel="Whisper"
      onAdd={onSend}
    />
  );
}
