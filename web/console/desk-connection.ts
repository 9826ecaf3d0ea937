/** The console's live view of the Desk: a reconnecting socket that only receives snapshots. */
import ReconnectingWebSocket from "partysocket/ws";
import { CloseCode } from "../../schema/close-codes";
import { DeskSnapshot } from "../../schema/desk";
import { forHelpline } from "../shared/helpline";

/** `onRevoked`: the server ended this session (account disabled or reset); reconnecting is pointless. */
export function connectDesk(
  helpline: string,
  onSnapshot: (desk: DeskSnapshot) => void,
  onOnline: (online: boolean) => void,
  onRevoked: () => void,
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
      const parsed = DeskSnapshot.safeParse(JSON.parse(String(e.data)));
      if (parsed.success) onSnapshot(parsed.data);
    } catch {
      // Not JSON: ignore, the next snapshot replaces everything anyway.
    }
  });
  return () => socket.close();
}
