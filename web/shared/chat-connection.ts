/**
 * One chat's connection, as both the visitor page and the console use it. partysocket reconnects with
 * backoff; this class adds the protocol on top: hello with `since` on every (re)connect, an outbox
 * of unacknowledged messages resent after hello (the server de-duplicates by cid), and a transcript
 * kept in seq order so nothing shows twice or out of order.
 */
import ReconnectingWebSocket from "partysocket/ws";
import { CloseCode } from "../../schema/close-codes";
import { PING_TEXT } from "../../schema/keepalive";
import type { ClientFrame, EndReason, LeaveReason, NoteOut, Party, ServerFrame, WhisperOut } from "../../schema/protocol";
import type { ExitBody } from "../../schema/consent";
import { call } from "./client";
import type { HandoffMadeOut, HandoffProposalOut } from "../../schema/handoff";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";

export type LineState = "pending" | "sent" | "read";
/** `name`: the counsellor who wrote the line (it stays theirs after a hand-over); null for the visitor's
 *  lines and for one's own lines sent from this page. */
export type Line = { key: string; seq: number | null; from: Party; name: string | null; text: string; at: number; state: LineState };

export type ChatView = {
  connection: "connecting" | "online" | "offline";
  status: "waiting" | "active" | "ended";
  counsellor: string | null;
  position: number | null;
  waitSeconds: number | null;
  lines: Line[];
  peerTyping: boolean;
  endedBy: EndReason | null;
  /** Set when the server closed the chat for good (bad token, not assigned, gone, continued on another device). */
  refused: "unauthorized" | "forbidden" | "gone" | "moved" | null;
  /** Code of the last refused frame, for a short notice. */
  lastError: string | null;
  /** When the kept conversation will be deleted (epoch ms), or null when it is not kept. */
  keptUntil: number | null;
  /** The visitor signalled that someone is watching (see web/visitor/watched.tsx). */
  watched: boolean;
  /** A supervisor who joined the escalated chat; `you` on that supervisor's own console. */
  supporter: { name: string; you: boolean } | null;
  /** The single-use ticket for the survey after the chat, when its end handed one (visitor only). */
  survey: string | null;
  /** A warm handoff waiting for the visitor's answer; its last answer; what was handed over (with the code, in memory only). */
  handoff: { proposal: HandoffProposalOut | null; declined: boolean; made: HandoffMadeOut | null };
};

type Outgoing = { cid: string; text: string; at: number };

const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOW_MS = 5000;
/** Well inside the server's stale limit (STALE_SOCKET_SECONDS, 90 s), so a live page is never taken for gone. */
const KEEPALIVE_EVERY_MS = 25_000;
const FINAL_CLOSES: Record<number, ChatView["refused"]> = {
  [CloseCode.unauthorized]: "unauthorized",
  [CloseCode.forbidden]: "forbidden",
  [CloseCode.gone]: "gone",
  [CloseCode.moved]: "moved",
};

export class ChatConnection {
  private readonly socket: ReconnectingWebSocket;
  private readonly stored = new Map<number, Omit<Line, "state">>();
  private outbox: Outgoing[] = [];
  private lastSeq = 0;
  private peerRead = 0;
  private ready = false;
  private lastTypingSent = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly keepalive: ReturnType<typeof setInterval>;
  private view: ChatView = {
    connection: "connecting",
    status: "waiting",
    counsellor: null,
    position: null,
    waitSeconds: null,
    lines: [],
    peerTyping: false,
    endedBy: null,
    refused: null,
    lastError: null,
    keptUntil: null,
    watched: false,
    supporter: null,
    survey: null,
    handoff: { proposal: null, declined: false, made: null },
  };

  constructor(
    path: string,
    private readonly me: Party,
    private readonly token: string | undefined,
    private readonly onChange: (view: ChatView) => void,
    /** Staff consoles only: private notes and whispers, which never reach a visitor's socket. */
    private readonly onNote?: (line: NoteOut | WhisperOut) => void,
  ) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.socket = new ReconnectingWebSocket(`${scheme}://${location.host}${path}`, [], {
      minReconnectionDelay: 500,
      maxReconnectionDelay: 10_000,
      reconnectionDelayGrowFactor: 1.6,
      connectionTimeout: 8000,
      // Our own outbox replaces partysocket's queue: nothing may be sent before hello.
      maxEnqueuedMessages: 0,
    });
    this.socket.addEventListener("open", () => {
      this.raw({ type: "hello", since: this.lastSeq, ...(this.token ? { token: this.token } : {}) });
    });
    this.socket.addEventListener("message", (e) => this.receive(String(e.data)));
    this.socket.addEventListener("close", (e) => {
      this.ready = false;
      const refused = FINAL_CLOSES[e.code];
      if (refused || e.code === CloseCode.ended) this.socket.close();
      this.update({ connection: "offline", ...(refused ? { refused } : {}) });
    });
    // The server closes a socket that shows no sign of life, because a phone that loses its network
    // never says goodbye and the chat must still be erased. The runtime answers the ping itself.
    this.keepalive = setInterval(() => {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(PING_TEXT);
    }, KEEPALIVE_EVERY_MS);
    // Optional calls: the same client also runs outside a browser (the fault tests drive it in Node).
    globalThis.addEventListener?.("online", this.reconnectNow);
    globalThis.addEventListener?.("offline", this.dropNow);
    onChange(this.view);
  }

  /** Back online: try at once instead of waiting out the backoff, which may have grown to seconds. */
  private readonly reconnectNow = () => {
    if (!this.ready && this.socket.shouldReconnect) this.socket.reconnect();
  };

  /**
   * The device says it lost its network. A socket can look open for minutes after that, swallowing
   * whatever is sent, so start over: new messages wait in the outbox until hello succeeds again.
   */
  private readonly dropNow = () => {
    if (this.socket.shouldReconnect) this.socket.reconnect();
  };

  /** Queues a message; it shows as pending at once and is sent whenever the socket is ready. */
  send(text: string): void {
    const message = { cid: crypto.randomUUID(), text, at: Date.now() };
    this.outbox.push(message);
    // The message clears the peer's typing indicator, so the next keystroke must announce itself again.
    this.lastTypingSent = 0;
    if (this.ready) this.raw({ type: "send", cid: message.cid, text: message.text });
    this.update({});
  }

  typing(): void {
    const now = Date.now();
    if (!this.ready || now - this.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    this.lastTypingSent = now;
    this.raw({ type: "typing" });
  }

  /** Tells the other side everything up to the latest message has been seen. */
  markRead(): void {
    const latestFromPeer = [...this.stored.values()].filter((l) => l.from !== this.me).at(-1);
    if (this.ready && latestFromPeer?.seq) this.raw({ type: "read", seq: latestFromPeer.seq });
  }

  note(text: string): void {
    if (this.ready) this.raw({ type: "note", text });
  }

  /** The visitor's silent signal, or its lifting. Shown at once here; the server tells the counsellor. */
  signalWatched(on: boolean): void {
    if (this.ready) this.raw({ type: "watched", on });
    this.update({ watched: on });
  }

  /** A line to the other staff in the chat (coaching); the visitor never receives it. */
  whisper(text: string): void {
    if (this.ready) this.raw({ type: "whisper", text });
  }

  end(): void {
    if (this.ready) this.raw({ type: "end" });
  }

  /** The counsellor asks the visitor's consent to hand `summary` to a care partner. */
  proposeHandoff(partner: string, summary: string): void {
    if (this.ready) this.raw({ type: "handoff_propose", partner, summary });
  }

  /** The visitor's answer to the proposal on screen, with the version of the words they read. */
  answerHandoff(proposal: string, agree: boolean): void {
    if (this.ready) this.raw({ type: "handoff_answer", proposal, agree, version: HANDOFF_TEXT_VERSION });
  }

  /**
   * The visitor leaves (quick exit, or the page is closed or reloaded): the chat must end for the
   * server now, not after the grace period, or a counsellor accepts a chat nobody is in. The socket
   * says so if it can; a keepalive request says the same and outlives the page (the socket may be
   * reconnecting). Either may arrive second; that is harmless. `why` tells the counsellor which.
   */
  leave(conversationId: string, why: LeaveReason): void {
    if (this.ready) this.raw({ type: "exit", why });
    if (this.token) {
      const json: ExitBody = { token: this.token, why };
      call("POST /api/chats/:id/exit", { param: { id: conversationId }, json, keepalive: true }).catch(() => undefined);
    }
    this.destroy();
  }

  /** Closes the socket for good and forgets the transcript (quick exit, logout). */
  destroy(): void {
    globalThis.removeEventListener?.("online", this.reconnectNow);
    globalThis.removeEventListener?.("offline", this.dropNow);
    this.socket.close();
    this.stored.clear();
    this.outbox = [];
    clearTimeout(this.typingTimer);
    clearInterval(this.keepalive);
  }

  private raw(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  private receive(data: string): void {
    // Frames come from our own server, which builds them from the ServerFrame schema; the page
    // trusts their shape rather than shipping the validator (it would double the page's weight).
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case "welcome":
        this.ready = true;
        for (const m of this.outbox) this.raw({ type: "send", cid: m.cid, text: m.text });
        return this.update({ connection: "online", status: frame.status, counsellor: frame.counsellor });
      case "msg":
        this.store(frame.seq, frame.from, frame.name, frame.cid, frame.text, frame.at);
        return this.update(frame.from === this.me ? {} : { peerTyping: false });
      case "ack": {
        const sent = this.outbox.find((m) => m.cid === frame.cid);
        if (sent) this.store(frame.seq, this.me, null, sent.cid, sent.text, sent.at);
        return this.update({});
      }
      case "typing":
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => this.update({ peerTyping: false }), TYPING_SHOW_MS);
        return this.update({ peerTyping: true });
      case "read":
        this.peerRead = Math.max(this.peerRead, frame.seq);
        return this.update({});
      case "queue":
        // Also after a counsellor left mid-chat: the chat waits for a colleague again.
        return this.update({ status: "waiting", counsellor: null, position: frame.position, waitSeconds: frame.waitSeconds });
      case "joined":
        return this.update({ status: "active", counsellor: frame.counsellor, position: null });
      case "ended":
        this.socket.close();
        return this.update({ status: "ended", endedBy: frame.by, survey: frame.survey ?? null });
      case "note":
      case "whisper":
        return this.onNote?.(frame);
      case "error":
        return this.update({ lastError: frame.code });
      case "kept":
        return this.update({ keptUntil: frame.until });
      case "watched":
        return this.update({ watched: frame.on });
      case "supporter":
        return this.update({ supporter: { name: frame.name, you: frame.you } });
      case "handoff_proposal":
        return this.update({ handoff: { ...this.view.handoff, proposal: frame, declined: false } });
      case "handoff_declined":
        return this.update({ handoff: { ...this.view.handoff, proposal: null, declined: true } });
      case "handoff_made":
        return this.update({ handoff: { proposal: null, declined: false, made: frame } });
      case "pong":
        return;
    }
  }

  private store(seq: number, from: Party, name: string | null, cid: string, text: string, at: number): void {
    this.stored.set(seq, { key: `${from}:${cid}`, seq, from, name, text, at });
    this.lastSeq = Math.max(this.lastSeq, seq);
    if (from === this.me) this.outbox = this.outbox.filter((m) => m.cid !== cid);
  }

  private update(patch: Partial<ChatView>): void {
    const lines: Line[] = [...this.stored.values()]
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
      .map((l) => ({ ...l, state: l.from === this.me && (l.seq ?? 0) <= this.peerRead ? "read" : "sent" }));
    for (const m of this.outbox) {
      lines.push({ key: `${this.me}:${m.cid}`, seq: null, from: this.me, name: null, text: m.text, at: m.at, state: "pending" });
    }
    this.view = { ...this.view, ...patch, lines };
    this.onChange(this.view);
  }
}
