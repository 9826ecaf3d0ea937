/** The console's live view of the Desk: a reconnecting socket that only receives snapshots. */
import ReconnectingWebSocket from "partysocket/ws";
import { CloseCode } from "../../schema/close-codes";
import { DeskSnapshot } from "../../schema/desk";
import { DebriefRequest } from "../../schema/wellbeing";
import { forHelpline } from "../shared/helpline";

/** `onRevoked`: the server ended this session (account disabled or reset); reconnecting is pointless.
 *  `onDebrief`: a colleague asks for a debrief (supervisor consoles only get these). */
export function connectDesk(
  helpline: string,
  onSnapshot: (desk: DeskSnapshot) => void,
  onOnline: (online: boolean) => void,
  onRevoked: () => void,
  onDebrief?: (request: DebriefRequest) => void,
): () => void {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new ReconnectingWebSocket(`${scheme}://${location.host}${forHelpline("/ws/console", helpline)}`, [], {
    minReconnectionDelay: 500,
    maxReconnectionDelay: 10_000,
    maxEnqueuedMessages: 0,
  });
  socket.addEventListener("open", () => onOnline(true));
  socket.addEventListener("close", (e) => {
    onOnline(false);
    if (e.code === CloseCode.unauthorized) {
      socket.close();
      onRevoked();
    }
  });
  socket.addEventListener("message", (e) => {
    try {
      const json: unknown = JSON.parse(String(e.data));
      const parsed = DeskSnapshot.safeParse(json);
      if (parsed.success) onSnapshot(parsed.data);
      const debrief = DebriefRequest.safeParse(json);
      if (debrief.success) onDebrief?.(debrief.data);
    } catch {
      // Not JSON: ignore, the next snapshot replaces everything anyway.
    }
  });
  return () => socket.close();
}
