/**
 * Who may whisper in a chat: the assigned counsellor and observing supervisors, while the chat is open.
 * The visitor's socket is refused with a typed error and never receives a whisper (see Conversation.note).
 */
import type { ErrorCode, Viewer } from "../schema/protocol";

export function whisperRefusal(role: Viewer, status: string | undefined): { code: ErrorCode; message: string } | null {
  if (role === "visitor") return { code: "staff_only", message: "Only staff can whisper." };
  // Like a note: a whisper that arrives after the end would outlive the notes a kept chat lets go of.
  if (status !== "active") return { code: "chat_ended", message: "This chat has ended." };
  return null;
}
