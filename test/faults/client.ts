/**
 * The real web client (web/shared/chat-connection.ts) running in Node: the page's globals it needs
 * (`location`, `WebSocket`) are provided by a `ws` socket that sends the Origin header and, on console
 * paths, the staff session cookie, as a browser would. Every socket is kept, so a test can cut it,
 * and every frame it receives is logged per path, so a test can count deliveries on the wire.
 */
import WebSocket from "ws";
import { ChatConnection, type ChatView } from "../../web/shared/chat-connection";
import type { ServerFrame } from "../../schema/protocol";

export type Wire = { sockets: Set<WebSocket>; frames: Map<string, ServerFrame[]> };

export function installBrowserGlobals(baseUrl: string, cookie: string): Wire {
  const wire: Wire = { sockets: new Set(), frames: new Map() };
  const origin = new URL(baseUrl).origin;
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      const path = new URL(url).pathname;
      super(url, protocols, { origin, headers: path.startsWith("/ws/console") ? { cookie } : {} });
      wire.sockets.add(this);
      this.on("close", () => wire.sockets.delete(this));
      this.on("message", (data) => {
        const log = wire.frames.get(path) ?? [];
        log.push(JSON.parse(String(data)) as ServerFrame);
        wire.frames.set(path, log);
      });
    }
  }
  Object.assign(globalThis, { WebSocket: BrowserLikeSocket, location: new URL(baseUrl) });
  return wire;
}

/** A participant: the client and its latest view. */
export class Participant {
  view: ChatView | null = null;
  readonly connection: ChatConnection;

  constructor(
    readonly path: string,
    role: "visitor" | "counsellor",
    token?: string,
  ) {
    this.connection = new ChatConnection(path, role, token, (view) => {
      this.view = view;
    });
  }

  get online(): boolean {
    return this.view?.connection === "online";
  }

  /** Messages the server has acknowledged (sent by this side) or delivered (from the other). */
  get stored() {
    return (this.view?.lines ?? []).filter((l) => l.seq !== null);
  }

  get pending(): number {
    return (this.view?.lines ?? []).filter((l) => l.seq === null).length;
  }
}

/** Peer messages as they came over the wire to one path, across all its reconnects. */
export function peerDeliveries(wire: Wire, path: string, me: "visitor" | "counsellor"): number[] {
  return (wire.frames.get(path) ?? []).flatMap((f) => (f.type === "msg" && f.from !== me ? [f.seq] : []));
}
