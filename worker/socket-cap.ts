/**
 * A chat takes a few sockets per side (a visitor's phone and laptop, a counsellor's reconnecting
 * tab, a supervisor observing), not any number: each costs memory and a send per message, so a
 * client holding a chat's id could otherwise open thousands.
 *
 * Only sockets that said hello count towards that cap. Sockets that have not are held apart, a few at
 * a time, and a newcomer pushes the oldest of them out: sockets that never speak cannot keep the real
 * party out of its own chat, they can only push each other out (and each one opened is rate-limited).
 */

/** Open sockets one side of a chat (visitor, or staff: counsellor and observers) may hold that said hello. */
export const SOCKETS_PER_SIDE = 4;

/** Open sockets one side may hold that have not said hello yet. A page says it as soon as its socket
 *  opens, so one or two wait at a time (a reload racing the old tab's reconnect); a few spare. */
export const UNGREETED_PER_SIDE = 4;

/** The pages ping every 25 s (web/shared/chat-connection.ts), so a socket silent longer than this
 *  has missed a ping: most likely a phone that lost its network and left it behind. */
const LEFT_BEHIND_MS = 30_000;

/** How a socket that went away but was never closed can be told from a live one. */
export type LastSignOfLife = (ws: WebSocket) => number;

/**
 * Whether one more greeted socket fits beside these (one side's greeted sockets). At the cap, sockets
 * left behind are closed first, with a code that is not final (they would reconnect if alive after
 * all), so a visitor whose phone dropped the connection a few times is not locked out of their own chat.
 */
export function makeRoom(greeted: WebSocket[], lastSignOfLife: LastSignOfLife, now: number): boolean {
  const open = greeted.filter((ws) => ws.readyState === WebSocket.OPEN);
  if (open.length < SOCKETS_PER_SIDE) return true;
  const leftBehind = open.filter((ws) => now - lastSignOfLife(ws) > LEFT_BEHIND_MS);
  for (const ws of leftBehind) ws.close(1001, "No sign of life.");
  return open.length - leftBehind.length < SOCKETS_PER_SIDE;
}

/**
 * Makes way for one more socket that has yet to say hello, beside these (one side's ungreeted
 * sockets): the oldest beyond the cap are closed, with the same code as an overdue hello, which is not
 * final, so a page that was merely slow reconnects.
 */
export function makeWayForNewcomer(ungreeted: WebSocket[], openedAt: (ws: WebSocket) => number): void {
  const open = ungreeted.filter((ws) => ws.readyState === WebSocket.OPEN).sort((a, b) => openedAt(a) - openedAt(b));
  for (const ws of open.slice(0, Math.max(0, open.length - UNGREETED_PER_SIDE + 1))) ws.close(1008, "No hello.");
}
