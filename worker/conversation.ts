/**
 * Conversation: one Durable Object per chat. It holds the messages and the sockets of the visitor and
 * the assigned counsellor, and it deletes everything it stored when the chat ends or is abandoned.
 *
 * The message path, top to bottom: `webSocketMessage` parses the frame (frames.ts), `receive` stores
 * it with one INSERT, acks the sender and sends it once to every other socket.
 */
import { JurisdictionObject } from "./jurisdiction";
import { CloseCode, type EndReason, type LeaveReason, type Party, type ServerFrame, type Viewer } from "../schema/protocol";
import { IDENTITY_HEADER, SocketIdentity, type StaffMember, staffSocketTags } from "../schema/staff";
import { LIMITS } from "../schema/limits";
import { PING_TEXT, PONG_TEXT } from "../schema/keepalive";
import type { DetailsBody } from "../schema/details";
import type { ApiError } from "../schema/http";
import type { Language } from "../schema/language";
import { config } from "./config";
import { CONSENT_TABLES, type Consent, readConsent, recordConsent, recordDetails } from "./consent";
import { sha256Hex, timingSafeEqualText } from "./crypto";
import { parseClientFrame, sendError, sendFrame } from "./frames";
import { logError, logEvent } from "./log";
import { migrate, migrateExisting } from "./migrate";
import { NOTES_KIND, NOTES_TABLE, type StaffLineKind, eraseNotes, noteFrames, storeNote } from "./notes";
import { whisperRefusal } from "./whisper";
import { RESUME_INDEX_OBJECT } from "./resume-index";
import { containsRiskWord } from "./risk-words";
import { EventThrottle } from "./event-throttle";
import { closeExpired, nextExpiry } from "./socket-expiry";
import { makeRoom, makeWayForNewcomer } from "./socket-cap";
import { watchedSignal } from "./stats-events";
import { Enqueue } from "../schema/desk";
import { HOLDER_ONLY, SAFEGUARDING_COLUMNS, actingAs, clearSafeguarding, joinSupporter, safeguardingFrames, supporterFrame } from "./chat-safeguarding";
import { WATCHED_COLUMNS, firstSignal, releaseWatched, setWatched, watchedReleaseAt } from "./watched-signal";
import { CHAT_NETWORK_TABLE, barResume, forgetNetwork, liftResumeBar, networkTag, rememberNetwork, resumeBarredUntil } from "./chat-network";
import { surveyTicket } from "./survey";
import { QUEUE_FULL_MESSAGE, enterQueue } from "./queue-entry";
import { type HandoffChat, PROPOSAL_TABLE, eraseProposal, onHandoffFrame, openProposal } from "./handoff-proposal";
import { goodbyeDeadline } from "./goodbye";
import { rewriteStorage } from "./rewrite-storage";

const SCHEMA = [
  `CREATE TABLE meta (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     conversation_id TEXT NOT NULL,
     helpline TEXT NOT NULL,
     token_hash TEXT NOT NULL,
     status TEXT NOT NULL,
     counsellor_id TEXT,
     counsellor_name TEXT,
     visitor_left_at INTEGER
   )`,
  `CREATE TABLE messages (
     seq INTEGER PRIMARY KEY,
     sender TEXT NOT NULL,
     cid TEXT NOT NULL,
     text TEXT NOT NULL,
     at INTEGER NOT NULL,
     UNIQUE (sender, cid)
   )`,
  NOTES_TABLE,
  // Where the chat goes in the queue (urgency, language, outreach link), held only until the visitor's
  // first hello puts it there; null from then on.
  `ALTER TABLE meta ADD COLUMN arrival TEXT`,
  // Who wrote a counsellor's message, so it stays theirs after a hand-over.
  `ALTER TABLE messages ADD COLUMN author TEXT`,
  ...SAFEGUARDING_COLUMNS,
  // The keyed hash of the visitor's network and a kept chat's bar on resuming, for blocks (chat-network.ts).
  CHAT_NETWORK_TABLE,
  NOTES_KIND,
  // When the visitor's page said goodbye (a closed tab or a reload); see goodbye.ts.
  `ALTER TABLE meta ADD COLUMN goodbye_at INTEGER`,
  // Made on demand before (the first consent, the first proposal); migrations now, so they grow like the rest.
  ...CONSENT_TABLES,
  PROPOSAL_TABLE,
  ...WATCHED_COLUMNS,
] as const;

/** How many of a waiting visitor's first messages are screened for risk words. */
const RISK_SCREENED_MESSAGES = 3;

type Meta = {
  conversation_id: string;
  helpline: string;
  token_hash: string;
  /** `ended` only for a kept conversation, readable by resume code until its retention ends. */
  status: "waiting" | "active" | "ended";
  counsellor_id: string | null;
  counsellor_name: string | null;
  /** When the last visitor socket went away (or the chat was opened); null while one is connected. */
  visitor_left_at: number | null;
  /** The Enqueue (JSON) for the Desk until the visitor's first hello; null once the chat is in the queue. */
  arrival: string | null;
  /** When the visitor's page said goodbye; null when it did not, or a hello came since (goodbye.ts). */
  goodbye_at: number | null;
};

type MessageRow = { seq: number; sender: Party; author: string | null; cid: string; text: string; at: number };

/** How stale a socket's `seenAt` may get before a frame on it refreshes it: far below the stale
 *  limit, and rarely enough that the message path seldom rewrites the attachment. */
const SEEN_REFRESH_MS = 15_000;

/** How long a chat socket may stay open without saying hello: a page says it as soon as it opens, so
 *  a socket still silent after this is not a page, and holds one of its side's few places for sockets
 *  yet to say hello (worker/socket-cap.ts). */
export const HELLO_TIMEOUT_MS = 10_000;

const TOO_MANY_SOCKETS = "This chat is open in too many places. Close one and try again.";

/** Per-socket state, kept in the hibernation attachment so it survives eviction. */
export type Attachment = {
  role: Viewer;
  staffId: string | null;
  staffName: string | null;
  authed: boolean;
  /** The socket's last sign of life besides keep-alive pings (which the runtime timestamps itself). */
  seenAt: number;
  /** When the staff session the socket was opened with ends (null for the visitor); see socket-expiry.ts. */
  expiresAt: number | null;
  /** When the socket was accepted, for its hello deadline. */
  openedAt: number;
};

/** Who holds a chat: all a Conversation needs to know of a staff member. */
export type Counsellor = Pick<StaffMember, "id" | "displayName">;
export type OpenChat = { conversationId: string; helpline: string; tokenHash: string; arrival: Enqueue; networkTag?: string };
export type KeepRequest = { token: string; version: string; codeHash: string; keepUntil: number };
export type KeepResult = "kept" | "already_kept" | "unauthorized" | "gone";
export type ResumeResult = { reopened: boolean; keptUntil: number; helpline: string } | { blockedUntil: number } | "unknown" | "queue_full";

export class Conversation extends JurisdictionObject {
  /** Send times per party in the last minute; memory only, a rate limit may forget on eviction. */
  private recentSends: Record<Party, number[]> = { visitor: [], counsellor: [] };
  /** Typing and read events per socket; memory only, like the send rate. */
  private readonly events = new EventThrottle();
  /** Parsed once per wake rather than on every message. */
  private readonly messagesPerMinute = config(this.env).MESSAGES_PER_MINUTE;
  /** The last stored seq, read once per wake and kept by `receive`, so the hot path does not query it. */
  private highestSeq: number | undefined;
  /** Whether this object has storage; known from the constructor on, because most calls need to know. */
  private opened = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered by the runtime without waking the object; their timestamps tell
    // the alarm which visitor sockets are still alive (closeSilentVisitors).
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_TEXT, PONG_TEXT));
    // A kept chat lives up to a year, so a migration added since it was opened must reach it on its
    // next wake. A chat with no storage gets none here: open() makes it, and an erased chat stays empty.
    ctx.blockConcurrencyWhile(async () => {
      this.opened = migrateExisting(ctx.storage.sql, SCHEMA);
    });
  }

  // ---- RPC, called by the worker and the Desk ----

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /**
   * Creates the chat's storage. It is not in the queue yet: the visitor's first hello puts it there
   * (arrive), and a chat nobody says hello to within ARRIVAL_SECONDS is erased by the alarm.
   */
  async open(init: OpenChat): Promise<void> {
    migrate(this.ctx.storage.sql, SCHEMA);
    this.ctx.storage.sql.exec(
      `INSERT INTO meta (id, conversation_id, helpline, token_hash, status, visitor_left_at, arrival)
       VALUES (1, ?, ?, ?, 'waiting', ?, ?)`,
      init.conversationId,
      init.helpline,
      init.tokenHash,
      Date.now(),
      JSON.stringify(init.arrival),
    );
    rememberNetwork(this.ctx.storage.sql, init.networkTag ?? null);
    this.opened = true;
    await this.scheduleAlarm();
  }

  /** Erases the chat without ceremony: used when it never made it into the queue. */
  async discard(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.opened = false;
    this.highestSeq = undefined;
  }

  /** The helpline this chat belongs to, or null once it is gone. */
  async helpline(): Promise<string | null> {
    return this.meta()?.helpline ?? null;
  }

  /**
   * Whether a staff member's chat socket may open here (the Worker asks before the upgrade): "unknown"
   * for a chat that is gone or of a helpline they do not work for, "not_holder" for one they do not hold.
   */
  async counsellorAccess(staffId: string, helplines: readonly string[]): Promise<"holder" | "not_holder" | "unknown"> {
    const meta = this.meta();
    if (!meta || !helplines.includes(meta.helpline)) return "unknown";
    return meta.counsellor_id === staffId ? "holder" : "not_holder";
  }

  /** A counsellor accepted the chat at the Desk. False when the chat is gone or already taken. */
  async assign(staff: Counsellor): Promise<boolean> {
    const meta = this.meta();
    // Asked again for the same counsellor (the Desk never heard the first answer): already theirs.
    if (meta?.status === "active" && meta.counsellor_id === staff.id) return true;
    if (meta?.status !== "waiting") return false;
    this.ctx.storage.sql.exec(
      "UPDATE meta SET status = 'active', counsellor_id = ?, counsellor_name = ?",
      staff.id,
      staff.displayName,
    );
    this.broadcast({ type: "joined", counsellor: staff.displayName });
    return true;
  }

  /**
   * The Desk handed the chat to a colleague. The previous counsellor's sockets close; the visitor
   * sees only that a colleague joined; the handover note is kept with the private notes.
   */
  async reassign(staff: Counsellor, fromName: string, note: string): Promise<boolean> {
    const meta = this.meta();
    if (meta?.status !== "active") return false;
    // Asked again for the same colleague (the Desk never heard the first answer): already theirs.
    if (meta.counsellor_id === staff.id) return true;
    this.ctx.storage.sql.exec("UPDATE meta SET counsellor_id = ?, counsellor_name = ?", staff.id, staff.displayName);
    if (note) this.note(fromName, `Handover: ${note}`);
    for (const ws of this.ctx.getWebSockets("counsellor")) ws.close(CloseCode.forbidden, "The chat was handed over.");
    this.broadcast({ type: "joined", counsellor: staff.displayName }, "visitor");
    return true;
  }

  /**
   * The counsellor's account was disabled mid-chat: the chat waits for a colleague again. The visitor
   * sees their place in the queue; the messages so far stay for whoever accepts next.
   */
  async requeue(): Promise<boolean> {
    const meta = this.meta();
    // Asked again (the Desk never heard the first answer): already waiting.
    if (meta?.status === "waiting") return true;
    if (meta?.status !== "active") return false;
    this.ctx.storage.sql.exec("UPDATE meta SET status = 'waiting', counsellor_id = NULL, counsellor_name = NULL");
    for (const ws of this.ctx.getWebSockets("counsellor")) ws.close(CloseCode.forbidden, "The chat went back to the queue.");
    return true;
  }

  /** Whether the chat is still waiting or answered: the Desk asks to heal a release it never got. */
  async isOpen(): Promise<boolean> {
    const status = this.meta()?.status;
    return status !== undefined && status !== "ended";
  }

  /**
   * A disabled account or an ended session loses its sockets in this chat at once, whether it answers
   * or observes. The tag names the account or the session (schema/staff.ts).
   */
  async closeSockets(tag: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(tag)) ws.close(CloseCode.unauthorized, "Your session has ended.");
  }

  /** The assigned counsellor ended the chat from the console. False when it had already ended. */
  async endByCounsellor(): Promise<boolean> {
    if (!this.meta()) return false;
    await this.finish("counsellor");
    return true;
  }

  /**
   * The visitor left, told by the page as it goes (its socket may already be gone). A quick exit ends
   * the chat now, so no counsellor accepts a chat nobody is in. A closed or reloaded page (`left`)
   * starts the short goodbye grace instead (goodbye.ts). A kept chat is parked as on any end: its
   * resume code still lets the visitor delete it.
   */
  async leave(token: string, why: LeaveReason): Promise<"ended" | "leaving" | "unauthorized" | "gone"> {
    const meta = this.meta();
    if (!meta || meta.status === "ended") return "gone";
    if (!(await this.isVisitorToken(meta, token))) return "unauthorized";
    if (why === "left") {
      await this.sayGoodbye();
      return "leaving";
    }
    await this.finish(why);
    return "ended";
  }

  /**
   * A supervisor joins an escalated chat (the worker asked the Desk): their observing sockets may now
   * write as a second staff party, and the visitor is told their name. False when it is not answered.
   */
  async join(staff: Counsellor): Promise<boolean> {
    if (!this.hasStorage() || !joinSupporter(this.ctx.storage.sql, staff)) return false;
    for (const ws of this.ctx.getWebSockets()) {
      const att = attachmentOf(ws);
      if (att.authed) sendFrame(ws, supporterFrame(staff.displayName, att, staff.id));
    }
    return true;
  }

  /** The Desk tells a waiting visitor where they stand. An event: nothing is stored. */
  async queuePosition(position: number, waitSeconds: number | null): Promise<void> {
    // A push that was under way when a counsellor accepted must not send the visitor back to waiting.
    if (this.meta()?.status !== "waiting") return;
    this.broadcast({ type: "queue", position, waitSeconds }, "visitor");
  }

  // ---- keeping the conversation (consent), resuming and deleting it ----

  /** The visitor chose to keep the conversation. The code's hash was made by the worker. */
  async keep(request: KeepRequest): Promise<KeepResult> {
    const meta = this.meta();
    if (!meta || meta.status === "ended") return "gone";
    if (!(await this.isVisitorToken(meta, request.token))) return "unauthorized";
    if (readConsent(this.ctx.storage.sql)) return "already_kept";
    recordConsent(this.ctx.storage.sql, {
      given_at: Date.now(),
      text_version: request.version,
      resume_hash: request.codeHash,
      keep_until: request.keepUntil,
    });
    await this.scheduleAlarm();
    this.broadcast({ type: "kept", until: request.keepUntil });
    return "kept";
  }

  /** The visitor withdrew consent during the chat: everything is deleted at once. */
  async withdraw(token: string): Promise<"deleted" | "unauthorized" | "gone"> {
    const meta = this.meta();
    if (!meta) return "gone";
    if (!(await this.isVisitorToken(meta, token))) return "unauthorized";
    await this.erase(meta);
    return "deleted";
  }

  /**
   * Continues a kept conversation on this device: the visitor gets a new token (the old device's
   * sockets are closed), and a conversation that had ended goes back into the queue. The place in the
   * queue is taken first: with the queue full nothing changes, so the old token still works.
   */
  async resume(codeHash: string, tokenHash: string, language: Language, network: string | null = null): Promise<ResumeResult> {
    // No accept may find the chat between its enqueue and its status turning 'waiting'.
    return this.ctx.blockConcurrencyWhile(async () => {
      const meta = this.meta();
      const consent = meta && this.consentFor(codeHash);
      if (!meta || !consent) return "unknown";
      const blockedUntil = resumeBarredUntil(this.ctx.storage.sql, Date.now());
      if (blockedUntil !== null) return { blockedUntil };
      rememberNetwork(this.ctx.storage.sql, network);
      const reopened = meta.status === "ended";
      if (reopened && !(await enterQueue(this.env, meta.helpline, { conversationId: meta.conversation_id, inDanger: null, language }))) return "queue_full";
      this.ctx.storage.sql.exec(
        reopened
          ? "UPDATE meta SET token_hash = ?, status = 'waiting', counsellor_id = NULL, counsellor_name = NULL, visitor_left_at = ?"
          : "UPDATE meta SET token_hash = ?, visitor_left_at = coalesce(visitor_left_at, ?)",
        tokenHash,
        Date.now(),
      );
      for (const ws of this.ctx.getWebSockets("visitor")) ws.close(CloseCode.moved, "Continued on another device.");
      await this.scheduleAlarm();
      return { reopened, keptUntil: consent.keep_until, helpline: meta.helpline };
    });
  }

  /**
   * The assigned counsellor blocks the visitor: a kept chat's resume is barred until `until`, and the
   * chat ends. Returns the network's keyed hash for the RateLimiter's block list, or null when the
   * chat is not open or not theirs.
   */
  async blockVisitor(staffId: string, until: number): Promise<{ network: string | null; kept: boolean } | null> {
    const meta = this.meta();
    if (meta?.status !== "active" || meta.counsellor_id !== staffId) return null;
    const network = networkTag(this.ctx.storage.sql);
    const kept = readConsent(this.ctx.storage.sql) !== null;
    if (kept) barResume(this.ctx.storage.sql, until);
    await this.finish("blocked");
    return { network, kept };
  }

  /** A supervisor lifted the block: the kept chat can be resumed again. */
  async liftResumeBlock(): Promise<void> {
    if (this.hasStorage()) liftResumeBar(this.ctx.storage.sql);
  }

  /** The visitor deletes a kept conversation with its code. */
  async deleteByCode(codeHash: string): Promise<boolean> {
    const meta = this.meta();
    if (!meta || !this.consentFor(codeHash)) return false;
    await this.erase(meta);
    return true;
  }

  /** The assigned counsellor records optional personal details; refused without consent. */
  async recordDetails(staffId: string, details: DetailsBody): Promise<"recorded" | "no_consent" | "forbidden"> {
    const meta = this.meta();
    if (meta?.status !== "active" || meta.counsellor_id !== staffId) return "forbidden";
    if (!readConsent(this.ctx.storage.sql)) return "no_consent";
    recordDetails(this.ctx.storage.sql, details);
    return "recorded";
  }

  // ---- WebSocket entry points (Hibernation API) ----

  /** Accepts the upgrade the worker forwarded; the socket proves itself with its first frame. */
  override async fetch(request: Request): Promise<Response> {
    const identity = SocketIdentity.safeParse(JSON.parse(request.headers.get(IDENTITY_HEADER) ?? "null"));
    if (!identity.success) return new Response("Forbidden", { status: 403 });
    const id = identity.data;
    // A supervisor observes only the chats of their own helplines.
    const meta = this.meta();
    if (id.kind === "observer" && meta && !id.staff.helplines.includes(meta.helpline)) {
      return new Response("Forbidden", { status: 403 });
    }
    const now = Date.now();
    const side = this.side(id.kind === "visitor" ? "visitor" : "counsellor");
    if (meta && !makeRoom(side.filter(isOpenAndAuthed), (ws) => this.lastSignOfLife(ws), now)) {
      logEvent("conversation.too_many_sockets");
      const refusal: ApiError = { error: "too_many_sockets", message: TOO_MANY_SOCKETS };
      return Response.json(refusal, { status: 429 });
    }
    if (meta) makeWayForNewcomer(side.filter((ws) => !attachmentOf(ws).authed), (ws) => attachmentOf(ws).openedAt);
    const attachment: Attachment =
      id.kind === "visitor"
        ? { role: "visitor", staffId: null, staffName: null, authed: false, seenAt: now, expiresAt: null, openedAt: now }
        : {
            role: id.kind === "observer" ? "observer" : "counsellor",
            staffId: id.staff.id,
            staffName: id.staff.displayName,
            authed: false,
            seenAt: now,
            expiresAt: id.session.expiresAt,
            openedAt: now,
          };
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    const tags = id.kind === "visitor" ? [attachment.role] : [attachment.role, ...staffSocketTags(id.staff.id, id.session)];
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(attachment);
    if (!meta) server.close(CloseCode.gone, "This chat has ended.");
    // The alarm closes the socket if it never says hello, and a staff socket when its session ends.
    else await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) return sendError(ws, parsed.code, parsed.message);
    const frame = parsed.frame;
    // Any frame is a sign of life, a ping spelled otherwise than the runtime's auto-response too.
    // A supervisor who joined an escalated chat writes as its second staff party (chat-safeguarding.ts).
    const opened = seen(ws);
    const att = actingAs(this.ctx.storage.sql, opened);
    if (frame.type === "ping") return sendFrame(ws, { type: "pong" });
    if (att.role !== opened.role && HOLDER_ONLY.has(frame.type)) {
      return sendError(ws, "holder_only", "Only the counsellor who holds this chat can do that.");
    }
    try {
      if (!att.authed) {
        if (frame.type !== "hello") return sendError(ws, "hello_required", "The first frame must be hello.");
        return await this.hello(ws, att, frame.token, frame.since);
      }
      if (frame.type === "hello") return sendError(ws, "bad_frame", "This socket already said hello.");
      // Observers write here too: a whisper is how a supervisor coaches.
      if (frame.type === "whisper") {
        const refused = whisperRefusal(att.role, this.meta()?.status);
        return refused ? sendError(ws, refused.code, refused.message) : this.note(att.staffName ?? "", frame.text, "whisper");
      }
      if (att.role === "observer") return sendError(ws, "read_only", "Observers cannot write in a chat.");
      switch (frame.type) {
        case "send": {
          const seq = this.receive(ws, att.role, att.role === "counsellor" ? att.staffName : null, frame.cid, frame.text);
          // The message clears the other side's typing mark, so this socket's next typing is news again.
          this.events.sent(ws);
          // Only a visitor's first messages can be a waiting chat's first messages: the rest skip this.
          if (att.role === "visitor" && seq !== null && seq <= RISK_SCREENED_MESSAGES) await this.screenForRisk(frame.text);
          return;
        }
        case "note":
          if (att.role !== "counsellor") return sendError(ws, "bad_frame", "Frame does not match the protocol.");
          // A note that arrives after the end would outlive the notes a kept chat lets go of.
          if (this.meta()?.status !== "active") return sendError(ws, "chat_ended", "This chat has ended.");
          return this.note(att.staffName ?? "", frame.text);
        // Dropped silently when throttled: the page sends these freely and needs no answer.
        case "typing":
          if (!this.events.typing(ws, Date.now())) return;
          return this.broadcast({ type: "typing", from: att.role }, other(att.role));
        case "read":
          if (!this.events.read(ws, frame.seq, this.lastSeq())) return;
          return this.broadcast({ type: "read", from: att.role, seq: frame.seq }, other(att.role));
        case "end":
          return await this.finish(att.role);
        case "exit":
          if (att.role !== "visitor") return sendError(ws, "bad_frame", "Frame does not match the protocol.");
          if (frame.why !== "left") return await this.finish("quick_exit");
          // Closed here, so a page that never finishes closing is not taken for one that came back.
          ws.close(1000, "Goodbye.");
          return await this.sayGoodbye();
        case "watched":
          if (att.role !== "visitor") return sendError(ws, "bad_frame", "Frame does not match the protocol.");
          return await this.watched(frame.on);
        case "handoff_propose":
        case "handoff_answer": {
          const chat = this.handoffChat();
          if (!chat) return sendError(ws, "chat_ended", "This chat has ended.");
          return await onHandoffFrame(chat, ws, att.role, frame);
        }
      }
    } catch (error) {
      logError("conversation.frame_failed", error);
      sendError(ws, "internal", "Something went wrong; please try again.");
    }
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    await this.socketGone(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.socketGone(ws);
  }

  /** Alarms may fire twice or after the chat is gone; both are harmless here. */
  override async alarm(): Promise<void> {
    const meta = this.meta();
    if (!meta) return;
    closeExpired(this.ctx.getWebSockets(), expiryOf, Date.now());
    // Not a final close code: a page that was merely slow reconnects and says hello at once.
    closeExpired(this.ctx.getWebSockets(), helloDueOf, Date.now(), { code: 1008, reason: "No hello." });
    if (meta.arrival && meta.visitor_left_at !== null && Date.now() >= meta.visitor_left_at + config(this.env).ARRIVAL_SECONDS * 1000) {
      // Nobody ever said hello: never queued, never counted, so it goes without a trace.
      logEvent("conversation.never_arrived", {}, meta.helpline);
      return this.discard();
    }
    const consent = readConsent(this.ctx.storage.sql);
    if (consent && Date.now() >= consent.keep_until) return this.erase(meta);
    const lifted = releaseWatched(this.ctx.storage.sql, Date.now());
    if (lifted) this.announceWatched(meta, lifted);
    const goodbyeDue = goodbyeDeadline(meta.goodbye_at);
    if (meta.status !== "ended" && goodbyeDue !== null && Date.now() >= goodbyeDue) {
      // A page that came back is connected (its hello normally cleared the goodbye already).
      if (!this.ctx.getWebSockets("visitor").some(isOpenAndAuthed)) return this.finish("left");
      this.ctx.storage.sql.exec("UPDATE meta SET goodbye_at = NULL");
      meta.goodbye_at = null;
    }
    if (meta.status !== "ended" && meta.visitor_left_at === null) meta.visitor_left_at = this.closeSilentVisitors();
    const graceMs = config(this.env).ABANDON_GRACE_SECONDS * 1000;
    if (meta.status !== "ended" && meta.visitor_left_at !== null && Date.now() >= meta.visitor_left_at + graceMs) {
      await this.finish("abandoned");
    } else {
      await this.scheduleAlarm();
    }
  }

  // ---- the chat ----

  private async hello(ws: WebSocket, att: Attachment, token: string | undefined, since: number): Promise<void> {
    // No other frame may run while this socket is half-authenticated; the token hash is async.
    const meta = await this.ctx.blockConcurrencyWhile(async () => {
      const meta = this.meta();
      // A kept conversation that ended opens again only through its resume code.
      if (!meta || meta.status === "ended") return ws.close(CloseCode.gone, "This chat has ended.");
      if (att.role === "visitor") {
        const ok = token !== undefined && timingSafeEqualText(await sha256Hex(token), meta.token_hash);
        if (!ok) {
          logEvent("conversation.refused_token");
          return ws.close(CloseCode.unauthorized, "This chat link is not valid.");
        }
        if (meta.arrival && !(await this.arrive(meta, meta.arrival))) {
          sendError(ws, "queue_full", QUEUE_FULL_MESSAGE);
          ws.close(CloseCode.gone, QUEUE_FULL_MESSAGE);
          await this.discard();
          return;
        }
        // Back: a reload after the page's goodbye, or a reconnect; the chat goes on as it was.
        if (meta.visitor_left_at !== null || meta.goodbye_at !== null) {
          this.ctx.storage.sql.exec("UPDATE meta SET visitor_left_at = NULL, goodbye_at = NULL");
          meta.visitor_left_at = null;
          meta.goodbye_at = null;
        }
      } else if (att.role === "counsellor" && meta.counsellor_id !== att.staffId) {
        logEvent("conversation.refused_staff");
        return ws.close(CloseCode.forbidden, "You are not assigned to this chat.");
      }
      // The cap counts greeted sockets only, so it is checked again as this one joins them; not a
      // final close, so a page that finds room later reconnects.
      const others = this.side(att.role).filter((other) => other !== ws && isOpenAndAuthed(other));
      if (!makeRoom(others, (other) => this.lastSignOfLife(other), Date.now())) {
        logEvent("conversation.too_many_sockets");
        sendError(ws, "too_many_sockets", TOO_MANY_SOCKETS);
        return ws.close(1008, TOO_MANY_SOCKETS);
      }
      ws.serializeAttachment({ ...att, authed: true } satisfies Attachment);
      // The socket's hello deadline is met, and a returning visitor stops the abandonment clock.
      await this.scheduleAlarm();
      // Spelled out so the type carries the narrowing above: a welcome never says "ended".
      return { ...meta, status: meta.status };
    });
    if (!meta) return;

    sendFrame(ws, {
      type: "welcome",
      role: att.role,
      status: meta.status,
      counsellor: meta.counsellor_name,
      lastSeq: this.lastSeq(),
    });
    const backlog = this.ctx.storage.sql.exec<MessageRow>(
      "SELECT seq, sender, author, cid, text, at FROM messages WHERE seq > ? ORDER BY seq",
      since,
    );
    for (const row of backlog) sendFrame(ws, messageFrame(row));
    if (att.role !== "visitor") for (const note of noteFrames(this.ctx.storage.sql)) sendFrame(ws, note);
    const consent = readConsent(this.ctx.storage.sql);
    if (consent) sendFrame(ws, { type: "kept", until: consent.keep_until });
    for (const frame of safeguardingFrames(this.ctx.storage.sql, att)) sendFrame(ws, frame);
    const proposal = openProposal(this.ctx.storage.sql);
    if (proposal) sendFrame(ws, proposal);
    if (att.role === "visitor" && meta.status === "waiting") {
      const place = await this.desk(meta).position(meta.conversation_id);
      if (place) sendFrame(ws, { type: "queue", ...place });
    }
  }

  /**
   * The visitor's first hello: now the chat enters the queue and is counted as offered. False when
   * the queue filled up since the start; the chat is then erased.
   */
  private async arrive(meta: Meta, arrival: string): Promise<boolean> {
    const chat = Enqueue.parse(JSON.parse(arrival));
    if (!(await enterQueue(this.env, meta.helpline, chat))) {
      logEvent("chat.refused_queue_full", {}, meta.helpline);
      return false;
    }
    this.ctx.storage.sql.exec("UPDATE meta SET arrival = NULL");
    meta.arrival = null;
    return true;
  }

  /**
   * Stores a message once per (sender, cid), acks the sender, and sends it to every other socket.
   * One INSERT and one send per receiver; a resend after a reconnect is found by the INSERT itself.
   * Returns the new message's seq, or null when nothing new was stored.
   */
  private receive(ws: WebSocket, from: Party, author: string | null, cid: string, text: string): number | null {
    if (!this.withinRate(from)) {
      if (this.ackIfStored(ws, from, cid)) return null;
      logEvent("conversation.rate_limited");
      sendError(ws, "rate_limited", "You are sending very fast; wait a moment.");
      return null;
    }
    if (this.lastSeq() >= LIMITS.messagesPerChat) {
      if (!this.ackIfStored(ws, from, cid)) sendError(ws, "chat_full", "This chat is full.");
      return null;
    }

    const at = Date.now();
    // The status check rides in the INSERT, so the message path stays one statement: a frame that
    // arrives after a kept chat ended (parked, its sockets closing) must not add to its transcript.
    const inserted = this.ctx.storage.sql
      .exec<{ seq: number }>(
        `INSERT INTO messages (sender, author, cid, text, at) SELECT ?, ?, ?, ?, ? WHERE (SELECT status FROM meta) <> 'ended'
         ON CONFLICT (sender, cid) DO NOTHING RETURNING seq`,
        from,
        author,
        cid,
        text,
        at,
      )
      .toArray()[0];
    if (!inserted) {
      // A resend after a reconnect (stored already, so acked again), or a chat that has ended;
      // either way not counted against the rate.
      this.recentSends[from].pop();
      if (!this.ackIfStored(ws, from, cid)) sendError(ws, "chat_ended", "This chat has ended.");
      return null;
    }
    const seq = inserted.seq;
    this.highestSeq = seq;
    // The output gate holds these sends until the INSERT is durable, so an ack means "stored".
    sendFrame(ws, { type: "ack", cid, seq });
    const frame = messageFrame({ seq, sender: from, author, cid, text, at });
    for (const peer of this.ctx.getWebSockets()) {
      if (peer !== ws && attachmentOf(peer).authed) sendFrame(peer, frame);
    }
    return seq;
  }

  /**
   * Screens a waiting visitor's first few messages for the helpline's risk words and asks the Desk
   * to mark the chat urgent on a match. Runs after the ack, so it never delays the message; the text
   * itself never leaves this object.
   */
  private async screenForRisk(text: string): Promise<void> {
    const meta = this.meta();
    if (meta?.status !== "waiting") return;
    const desk = this.desk(meta);
    if (containsRiskWord(text, await desk.riskWords())) await desk.markUrgent(meta.conversation_id);
  }

  /** The visitor's silent signal: a raise reaches every socket at once, a lift after its hold (watched-signal.ts). */
  private async watched(on: boolean): Promise<void> {
    const meta = this.meta();
    const change = meta ? setWatched(this.ctx.storage.sql, on, Date.now()) : null;
    if (!meta || !change) return;
    if (change === "held") return this.scheduleAlarm();
    this.announceWatched(meta, change);
    // Counted once per chat, however often it is raised again.
    if (change.on && firstSignal(this.ctx.storage.sql)) await watchedSignal(this.env, meta.helpline);
  }

  private announceWatched(meta: Meta, frame: Extract<ServerFrame, { type: "watched" }>): void {
    this.broadcast(frame);
    logEvent("conversation.watched", { on: frame.on }, meta.helpline);
  }

  /** Stores a private note or a whisper and shows it to staff sockets only; the visitor's socket never gets it. */
  private note(by: string, text: string, kind: StaffLineKind = "note"): void {
    const frame = storeNote(this.ctx.storage.sql, by, text, kind);
    for (const ws of this.ctx.getWebSockets()) {
      const att = attachmentOf(ws);
      if (att.authed && att.role !== "visitor") sendFrame(ws, frame);
    }
  }

  /** Acks a message stored earlier (a resend is never refused); false when there is none. */
  private ackIfStored(ws: WebSocket, from: Party, cid: string): boolean {
    const stored = this.ctx.storage.sql
      .exec<{ seq: number }>("SELECT seq FROM messages WHERE sender = ? AND cid = ?", from, cid)
      .toArray()[0];
    if (stored) sendFrame(ws, { type: "ack", cid, seq: stored.seq });
    return stored !== undefined;
  }

  /** The visitor's page said goodbye: the chat ends as `left` unless it says hello again soon. */
  private async sayGoodbye(): Promise<void> {
    // A goodbye that crossed the chat's end (its sockets closing, its storage erased) has nothing to wait for.
    const status = this.meta()?.status;
    if (status !== "waiting" && status !== "active") return;
    // The first goodbye counts: the page sends it by socket and by request, and either may come second.
    this.ctx.storage.sql.exec("UPDATE meta SET goodbye_at = coalesce(goodbye_at, ?)", Date.now());
    await this.scheduleAlarm();
  }

  /** Ends the chat for everyone and erases every byte this object stored. */
  private async finish(by: EndReason): Promise<void> {
    const meta = this.meta();
    if (!meta) return;
    // No frame may slip in while the ticket is fetched: a late message must not reach a chat that is ending.
    // Asked only after a conversation with a counsellor, of a visitor who is there to see it.
    const visitorHere = meta.status === "active" && this.ctx.getWebSockets("visitor").some(isOpenAndAuthed);
    const survey = await this.ctx.blockConcurrencyWhile(() => surveyTicket(this.env, meta.helpline, by, visitorHere));
    // The sockets hear first: a console drops a chat the Desk no longer lists unless it knows it ended.
    for (const ws of this.ctx.getWebSockets()) {
      sendFrame(ws, { type: "ended", by, ...(survey && attachmentOf(ws).role === "visitor" ? { survey } : {}) });
      ws.close(CloseCode.ended, "The chat has ended.");
    }
    const kept = readConsent(this.ctx.storage.sql) !== null;
    if (kept) await this.park();
    else await this.discard();
    logEvent("conversation.ended", { abandoned: by === "abandoned", quickExit: by === "quick_exit", left: by === "left", kept }, meta.helpline);
    try {
      await this.desk(meta).release(meta.conversation_id);
    } catch (error) {
      // The Desk also drops a chat it cannot assign, so a missed release heals itself.
      logError("conversation.release_failed", error);
    }
  }

  private async socketGone(ws: WebSocket): Promise<void> {
    const att = attachmentOf(ws);
    if (att.role !== "visitor" || !att.authed) return;
    const meta = this.meta();
    if (!meta) return;
    const others = this.ctx.getWebSockets("visitor").filter((s) => s !== ws && isOpenAndAuthed(s));
    if (others.length > 0) return;
    // Kept when already set: the alarm may have closed this socket as silent and started the clock then.
    this.ctx.storage.sql.exec("UPDATE meta SET visitor_left_at = coalesce(visitor_left_at, ?)", Date.now());
    await this.scheduleAlarm();
  }

  /**
   * Closes visitor sockets with no sign of life (keep-alive ping or frame) within the stale limit. A
   * phone that loses its network sends no close frame, so without this its chat would never start
   * the abandonment clock and its text would stay stored. Returns when the visitor counts as gone
   * (now, if no live visitor socket is left; the grace period starts then), or null.
   */
  private closeSilentVisitors(): number | null {
    const now = Date.now();
    const staleBefore = now - config(this.env).STALE_SOCKET_SECONDS * 1000;
    let live = 0;
    for (const ws of this.ctx.getWebSockets("visitor")) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const att = attachmentOf(ws);
      if (this.lastSignOfLife(ws) >= staleBefore) {
        if (att.authed) live++;
        continue;
      }
      logEvent("conversation.visitor_silent");
      // Not a final close code: a page that is alive after all reconnects and says hello again.
      ws.close(1001, "No sign of life.");
    }
    if (live > 0) return null;
    this.ctx.storage.sql.exec("UPDATE meta SET visitor_left_at = ?", now);
    return now;
  }

  /** The sockets of one side of the chat: the visitor's, or the staff's (counsellor and observers). */
  private side(role: Viewer): WebSocket[] {
    if (role === "visitor") return this.ctx.getWebSockets("visitor");
    return [...this.ctx.getWebSockets("counsellor"), ...this.ctx.getWebSockets("observer")];
  }

  /** A socket's last sign of life: a keep-alive ping (timestamped by the runtime) or any frame. */
  private lastSignOfLife(ws: WebSocket): number {
    return Math.max(this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0, attachmentOf(ws).seenAt);
  }

  /**
   * When the first open visitor socket would go stale, so the check neither comes late nor is pushed
   * back by other alarms being set; at least a second ahead, so a socket right at the limit cannot
   * make the alarm fire again and again.
   */
  private staleCheckAt(staleMs: number): number {
    const now = Date.now();
    const signs = this.ctx.getWebSockets("visitor").filter((ws) => ws.readyState === WebSocket.OPEN).map((ws) => this.lastSignOfLife(ws));
    const first = signs.length > 0 ? Math.min(...signs) + staleMs : now + staleMs;
    return Math.max(first, now + 1000);
  }

  /**
   * A kept conversation ended: keep the transcript, let go of the sockets, the counsellor and their
   * notes. Then the files are rewritten, so that the notes, whispers and whatever else the chat deleted
   * while it was open leave no bytes behind (rewrite-storage.ts).
   */
  private async park(): Promise<void> {
    this.ctx.storage.sql.exec("UPDATE meta SET status = 'ended', counsellor_id = NULL, visitor_left_at = NULL, goodbye_at = NULL");
    eraseNotes(this.ctx.storage.sql);
    clearSafeguarding(this.ctx.storage.sql);
    forgetNetwork(this.ctx.storage.sql);
    eraseProposal(this.ctx.storage.sql);
    await rewriteStorage(this.ctx.storage);
    await this.scheduleAlarm();
  }

  /** Deletes a kept conversation now (the visitor's wish, or its retention ran out). */
  private async erase(meta: Meta): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      sendFrame(ws, { type: "ended", by: "deleted" });
      ws.close(CloseCode.ended, "The chat has been deleted.");
    }
    await this.discard();
    logEvent("conversation.deleted", { wasOpen: meta.status !== "ended" }, meta.helpline);
    try {
      await this.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).forget(meta.conversation_id);
      if (meta.status !== "ended") await this.desk(meta).release(meta.conversation_id);
    } catch (error) {
      // The index drops expired codes by its own alarm, and the Desk drops chats it cannot assign.
      logError("conversation.erase_notify_failed", error);
    }
  }

  private consentFor(codeHash: string): Consent | null {
    const consent = readConsent(this.ctx.storage.sql);
    return consent && timingSafeEqualText(codeHash, consent.resume_hash) ? consent : null;
  }

  private async isVisitorToken(meta: Meta, token: string): Promise<boolean> {
    return timingSafeEqualText(await sha256Hex(token), meta.token_hash);
  }

  // ---- helpers ----

  /** One alarm, for the earliest deadline the chat's state and its staff sockets imply. */
  private async scheduleAlarm(): Promise<void> {
    const meta = this.meta();
    const deadlines: number[] = [];
    if (meta && meta.status !== "ended") {
      const settings = config(this.env);
      deadlines.push(
        meta.visitor_left_at === null
          ? // A visitor is connected: look again when their socket would go stale (closeSilentVisitors).
            // This wakes a hibernated chat once a minute or two, which costs little, and it is the only
            // way a silently vanished visitor's chat ever gets erased.
            this.staleCheckAt(settings.STALE_SOCKET_SECONDS * 1000)
          : meta.visitor_left_at + (meta.arrival ? settings.ARRIVAL_SECONDS : settings.ABANDON_GRACE_SECONDS) * 1000,
      );
      const goodbyeDue = goodbyeDeadline(meta.goodbye_at);
      if (goodbyeDue !== null) deadlines.push(goodbyeDue);
      const liftDue = watchedReleaseAt(this.ctx.storage.sql);
      if (liftDue !== null) deadlines.push(liftDue);
    }
    const consent = meta ? readConsent(this.ctx.storage.sql) : null;
    if (consent) deadlines.push(consent.keep_until);
    for (const due of [expiryOf, helloDueOf]) {
      const next = meta ? nextExpiry(this.ctx.getWebSockets(), due, Date.now()) : null;
      if (next !== null) deadlines.push(next);
    }
    if (deadlines.length === 0) return this.ctx.storage.deleteAlarm();
    await this.ctx.storage.setAlarm(Math.min(...deadlines));
  }

  private hasStorage(): boolean {
    return this.opened;
  }

  private meta(): Meta | null {
    if (!this.hasStorage()) return null;
    return (
      this.ctx.storage.sql
        .exec<Meta>(
          "SELECT conversation_id, helpline, token_hash, status, counsellor_id, counsellor_name, visitor_left_at, arrival, goodbye_at FROM meta",
        )
        .toArray()[0] ?? null
    );
  }

  private lastSeq(): number {
    this.highestSeq ??= this.ctx.storage.sql
      .exec<{ seq: number }>("SELECT coalesce(max(seq), 0) AS seq FROM messages")
      .one().seq;
    return this.highestSeq;
  }

  private withinRate(from: Party): boolean {
    const now = Date.now();
    const recent = this.recentSends[from].filter((t) => now - t < 60_000);
    this.recentSends[from] = recent;
    if (recent.length >= this.messagesPerMinute) return false;
    recent.push(now);
    return true;
  }

  /** Sends an event to every authenticated socket, or only to one party's. */
  private broadcast(frame: ServerFrame, to?: Party): void {
    for (const ws of this.ctx.getWebSockets(to)) {
      if (attachmentOf(ws).authed) sendFrame(ws, frame);
    }
  }

  /** What a warm handoff needs of the chat (handoff-proposal.ts); null once the chat is gone. */
  private handoffChat(): HandoffChat | null {
    const meta = this.meta();
    if (!meta) return null;
    const counsellorId = meta.status === "active" ? meta.counsellor_id : null;
    return { sql: this.ctx.storage.sql, env: this.env, helpline: meta.helpline, counsellorId, broadcast: (frame, to) => this.broadcast(frame, to) };
  }

  private desk(meta: Meta) {
    return this.env.DESK.getByName(meta.helpline);
  }
}

function attachmentOf(ws: WebSocket): Attachment {
  return ws.deserializeAttachment() as Attachment;
}

/** The socket's attachment, with its `seenAt` moved to now when it had grown old: a frame is a sign of life. */
function seen(ws: WebSocket): Attachment {
  const att = attachmentOf(ws);
  const now = Date.now();
  if (now - att.seenAt < SEEN_REFRESH_MS) return att;
  const fresh = { ...att, seenAt: now };
  ws.serializeAttachment(fresh);
  return fresh;
}

function isOpenAndAuthed(ws: WebSocket): boolean {
  return ws.readyState === WebSocket.OPEN && attachmentOf(ws).authed;
}

function expiryOf(ws: WebSocket): number | null {
  return attachmentOf(ws).expiresAt;
}

/** When a socket that has not said hello is closed; null once it has. */
function helloDueOf(ws: WebSocket): number | null {
  const att = attachmentOf(ws);
  return att.authed ? null : att.openedAt + HELLO_TIMEOUT_MS;
}

function other(party: Party): Party {
  return party === "visitor" ? "counsellor" : "visitor";
}

function messageFrame(row: MessageRow): ServerFrame {
  return { type: "msg", seq: row.seq, from: row.sender, name: row.author, cid: row.cid, text: row.text, at: row.at };
}
