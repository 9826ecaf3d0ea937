/**
 * Staff sockets end when the session they were opened with ends. The worker checks the session only
 * at the upgrade, so each object that holds staff sockets keeps the session's absolute expiry in the
 * socket's attachment and closes the socket from its alarm when that time passes.
 *
 * Only the absolute expiry (12 hours) is enforced on sockets, not the idle one (1 hour): a console or
 * chat socket that is open is the session in use, so it cannot be idle in that sense. Logout and
 * disabling close sockets at once by their tags (see Desk.closeSockets).
 *
 * The same bookkeeping closes a chat socket that never said hello (Conversation's hello deadline),
 * with its own close code and reason.
 */
import { CloseCode } from "../schema/close-codes";

/** When a socket must close, or null for one without a session (a visitor's). */
export type ExpiryOf = (ws: WebSocket) => number | null;

export function isExpired(ws: WebSocket, expiryOf: ExpiryOf, now: number): boolean {
  const at = expiryOf(ws);
  return at !== null && at <= now;
}

export type Closing = { code: number; reason: string };
const SESSION_ENDED: Closing = { code: CloseCode.unauthorized, reason: "Your session has ended." };

/** Closes every socket whose time is up (by default: whose session has ended); returns how many it closed. */
export function closeExpired(sockets: WebSocket[], expiryOf: ExpiryOf, now: number, closing: Closing = SESSION_ENDED): number {
  const expired = sockets.filter((ws) => isExpired(ws, expiryOf, now));
  for (const ws of expired) ws.close(closing.code, closing.reason);
  return expired.length;
}

/** The earliest session end still to come among these sockets, or null. */
export function nextExpiry(sockets: WebSocket[], expiryOf: ExpiryOf, now: number): number | null {
  const future = sockets.map(expiryOf).filter((at): at is number => at !== null && at > now);
  return future.length > 0 ? Math.min(...future) : null;
}
