/**
 * A chat takes a few sockets per side (a visitor's phone and laptop, a counsellor's reconnecting
 * tab, a supervisor observing), not any number: each costs memory and a send per message, so a
 * client holding a chat's id could otherwise open thousands.
 */

/** Open sockets one side of a chat (visitor, or staff: counsellor and observers) may hold. */
export const SOCKETS_PER_SIDE = 4;

/** The pages ping every 25 s (web/shared/chat-connection.ts), so a socket silent longer than this
 *  has missed a ping: most likely a phone that lost its network and left it behind. */
const LEFT_BEHIND_MS = 30_000;

/** How a socket that went away but was never closed can be told from a live one. */
export type LastSignOfLife = (ws: WebSocket) => number;

/**
 * Whether one more socket fits beside these (one side's). At the cap, sockets left behind are closed
 * first, with a code that is not final (they would reconnect if alive after all), so a visitor whose
 * phone dropped the connection a few times is not locked out of their own chat.
 */
export function makeRoom(sockets: WebSocket[], lastSignOfLife: LastSignOfLife, now: number): boolean {
  const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN);
  if (open.length < SOCKETS_PER_SIDE) return true;
  const leftBehind = open.filter((ws) => now - lastSignOfLife(ws) > LEFT_BEHIND_MS);
  for (const ws of leftBehind) ws.close(1001, "No sign of life.");
  return open.length - leftBehind.length < SOCKETS_PER_SIDE;
}
