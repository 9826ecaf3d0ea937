// One party of a Baken chat, with the Side shape the load driver expects (side.mjs), on a socket that
// can be cut and comes back the way the web client does (web/shared/chat-connection.ts): a new
// socket, `hello` with the highest seq this side has seen, then every message sent and not yet
// acknowledged again with the same cid, which the server de-duplicates. That client is TypeScript
// for the browser; this is its protocol only, in plain JS, without the transcript it keeps for a page.
import WebSocket from "ws";

/** Closes after which there is nothing to resume: a normal close, or the chat ended / refused (CloseCode). */
const NOT_AN_ERROR = new Set([1000, 1005, 4000]);
const FINAL = new Set([1000, 1005, 4000, 4401, 4403, 4404]);
/** A reconnect waits a random pause up to this; the web client's backoff starts at 0.5 s. */
const RECONNECT_PAUSE_MS = 1000;

export class ResumingSide {
  onAck = () => {};
  onMsg = () => {};
  onError = () => {};
  /** Sent and not yet acknowledged, cid → text, in send order. */
  outbox = new Map();
  /** The highest seq seen on any of this side's sockets: everything up to it has arrived. */
  lastSeq = 0;
  drops = 0;
  reconnects = 0;
  /** Messages sent again after a reconnect's hello. */
  resent = 0;
  #ws = null;
  #ready = false;
  #closed = false;
  #retry = undefined;
  #welcomes = 0;

  /**
   * @param {string} url @param {import("ws").ClientOptions} options
   * @param {"visitor" | "counsellor"} me @param {{ token?: string }} credentials sent in every hello
   */
  constructor(url, options, me, credentials) {
    this.url = url;
    this.options = { ...options, perMessageDeflate: false };
    this.me = me;
    this.credentials = credentials;
  }

  /** Opens the first socket; resolves once welcomed, rejects if it closes before that. */
  open() {
    return new Promise((resolve, reject) => this.#connect({ resolve, reject }));
  }

  send(cid, text) {
    this.outbox.set(cid, text);
    if (this.#ready) this.#frame({ type: "send", cid, text });
  }

  endChat() {
    if (this.#ready) this.#frame({ type: "end" });
  }

  /** Cuts the socket without a close frame, as a lost network does, and reconnects after a pause. */
  drop() {
    const ws = this.#ws;
    if (!ws || this.#closed) return;
    this.#forget(ws);
    ws.terminate();
    this.drops++;
    this.#reconnectLater();
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#ws?.close();
  }

  /** @param {{ resolve: () => void, reject: (e: Error) => void }} [first] the first open's promise */
  #connect(first) {
    const ws = new WebSocket(this.url, this.options);
    this.#ws = ws;
    ws.on("open", () => this.#frame({ type: "hello", since: this.lastSeq, ...this.credentials }));
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "welcome") this.#welcome(first);
      else if (frame.type === "ack") this.#stored(frame.cid, frame.seq);
      else if (frame.type === "msg") this.#msg(frame);
      else if (frame.type === "error") this.onError(frame.code);
    });
    // A failed connect is followed by a close, which decides what happens next.
    ws.on("error", (error) => first?.reject(error));
    ws.on("close", (code) => {
      if (ws !== this.#ws) return;
      this.#forget(ws);
      if (!NOT_AN_ERROR.has(code)) this.onError(`close ${code}`);
      if (first && this.#welcomes === 0) return first.reject(new Error(`closed ${code} before welcome`));
      if (!this.#closed && !FINAL.has(code)) this.#reconnectLater();
    });
  }

  #welcome(first) {
    this.#ready = true;
    if (this.#welcomes++ > 0) this.reconnects++;
    for (const [cid, text] of this.outbox) {
      this.resent++;
      this.#frame({ type: "send", cid, text });
    }
    first?.resolve();
  }

  /** An ack, or one of this side's own messages in a reconnect's backlog: either says "stored as seq". */
  #stored(cid, seq) {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.outbox.delete(cid);
    this.onAck(cid, seq);
  }

  #msg(frame) {
    if (frame.from === this.me) return this.#stored(frame.cid, frame.seq);
    this.lastSeq = Math.max(this.lastSeq, frame.seq);
    this.onMsg(frame.cid, frame.seq);
  }

  /** A socket this side no longer listens to: whatever it still says is not counted. */
  #forget(ws) {
    ws.removeAllListeners();
    ws.on("error", () => {});
    this.#ws = null;
    this.#ready = false;
  }

  #reconnectLater() {
    this.#retry = setTimeout(() => this.#connect(), Math.random() * RECONNECT_PAUSE_MS);
  }

  #frame(frame) {
    this.#ws.send(JSON.stringify(frame));
  }
}
