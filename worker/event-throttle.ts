/**
 * Typing and read receipts are events a page sends freely; relayed without limit, a script on one
 * socket could drown the other side's page (5,000 typing frames in 4 s reached a console). Each
 * socket may pass on a typing event at most once per TYPING_INTERVAL_MS, and a read receipt only
 * when it moves forward. Memory only: a hibernated chat forgets, which at worst lets one more through.
 */

/** "Is typing" needs no finer grain than this: the pages show it for a few seconds. */
export const TYPING_INTERVAL_MS = 1000;

type SocketEvents = { typingAt: number; readSeq: number };

export class EventThrottle {
  private readonly bySocket = new WeakMap<WebSocket, SocketEvents>();

  /** True when this socket's typing event may be relayed now (and counts it). */
  typing(ws: WebSocket, now: number): boolean {
    const events = this.of(ws);
    if (now - events.typingAt < TYPING_INTERVAL_MS) return false;
    events.typingAt = now;
    return true;
  }

  /** A message went out on this socket: the page announces its next keystroke at once, and that
   *  typing event must pass however soon it follows the last one. */
  sent(ws: WebSocket): void {
    this.of(ws).typingAt = -Infinity;
  }

  /** True when a read receipt up to `seq` says something new: beyond this socket's last one, and
   *  not beyond the last message there is (and counts it). */
  read(ws: WebSocket, seq: number, lastSeq: number): boolean {
    const events = this.of(ws);
    if (seq <= events.readSeq || seq > lastSeq) return false;
    events.readSeq = seq;
    return true;
  }

  private of(ws: WebSocket): SocketEvents {
    let events = this.bySocket.get(ws);
    if (!events) {
      events = { typingAt: -Infinity, readSeq: -1 };
      this.bySocket.set(ws, events);
    }
    return events;
  }
}
