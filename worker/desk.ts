/**
 * Desk: one Durable Object per helpline. It keeps the waiting queue, who has which chat, and which
 * counsellors are present with what status and capacity; it pushes the live desk to counsellor
 * consoles and tells each waiting visitor their place.
 * It never sees message text: that stays in the Conversation objects, which only tell the Desk that
 * a waiting chat matched a risk word.
 */
import { JurisdictionObject } from "./jurisdiction";
import { CloseCode } from "../schema/close-codes";
import { type Colleague, DESK_REFUSAL, type Enqueue, type DeskSnapshot, FLOOD_MINUTES, type StaffStatus } from "../schema/desk";
import { LIMITS } from "../schema/limits";
import { HelplineSettings } from "../schema/helpline";
import {
  CHAT_ROLES,
  IDENTITY_HEADER,
  OBSERVER_ROLES,
  OUTREACH_TEAM,
  type Role,
  SocketIdentity,
  type StaffMember,
  sessionTag,
  staffSocketTags,
  staffTag,
} from "../schema/staff";
import { initialSettings } from "./helplines";
import { logError, logEvent } from "./log";
import { migrate } from "./migrate";
import { CHATS_SCHEMA, COUNTED_SCHEMA, DeskChats, type Waiting } from "./desk-chats";
import { FAILED, callChat } from "./desk-calls";
import { SWEEP_SCHEMA, endedChats, nextSweep, takeSweep } from "./desk-sweep";
import { offers } from "./offers";
import { readSettings } from "./settings-read";
import { closeExpired, isExpired, nextExpiry } from "./socket-expiry";
import { type Admission, START_WINDOW_SCHEMA, START_WINDOW_TIERS_SCHEMA, StartWindow } from "./start-window";
import type { TierKey } from "./client-prefix";
import { config } from "./config";
import type { EscalationReason } from "../schema/safeguarding";
import { ESCALATION_SCHEMA, type EscalateResult, forgetEscalation, isEscalated, nextWaitAlert, raiseWaitAlerts, recordEscalation, supervisorAlerts } from "./escalations";
import { EXPOSURE_TABLE, ExposureStore } from "./exposure";
import type { Outcome, Topic } from "../schema/stats";
import { OWED_SCHEMA, owe, settle } from "./owed-categorisations";
import { answeredChatEnded, chatAbandonedWaiting, chatAnswered, chatCategorised, chatOffered, escalated, urgentWaitAlerts } from "./stats-events";
import type { DebriefRequest } from "../schema/wellbeing";
import { sendDeskFrame } from "./frames";
import { ERASURE_TABLE, eraseIfDue, erasureDue } from "./erasure-due";

export const DESK_SCHEMA = [
  `CREATE TABLE queue (
     conversation_id TEXT PRIMARY KEY,
     enqueued_at INTEGER NOT NULL,
     in_danger INTEGER,
     language TEXT NOT NULL
   )`,
  `CREATE TABLE assignments (
     conversation_id TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL,
     assigned_at INTEGER NOT NULL
   )`,
  // Only durations, no ids: how long the queue recently took to move up one place (see accept).
  `CREATE TABLE recent_waits (id INTEGER PRIMARY KEY, seconds INTEGER NOT NULL)`,
  // The helpline's settings as admins last saved them; absent until the first save.
  `CREATE TABLE settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)`,
  `ALTER TABLE queue ADD COLUMN risk_word INTEGER NOT NULL DEFAULT 0`,
  // The visitor's language travels with the chat, so canned replies come in the right one.
  `ALTER TABLE assignments ADD COLUMN language TEXT NOT NULL DEFAULT 'nl'`,
  // `uncategorised`: chats of this counsellor that ended and still owe their categorisation. A count,
  // so the Desk forgets which chats they were the moment they end.
  `CREATE TABLE presence (
     staff_id TEXT PRIMARY KEY,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL,
     status TEXT NOT NULL,
     capacity INTEGER NOT NULL,
     uncategorised INTEGER NOT NULL DEFAULT 0
   )`,
  // Chats started through an outreach link: the channel, and the worker who sent the link.
  `ALTER TABLE queue ADD COLUMN channel TEXT`,
  `ALTER TABLE queue ADD COLUMN invited_by TEXT`,
  // What made a chat urgent and where it came from travel with it while it is held, so a chat that goes
  // back to the queue (its counsellor was disabled) keeps its place and its outreach routing, and a
  // hand-over can keep an outreach chat within the outreach team.
  `ALTER TABLE assignments ADD COLUMN in_danger INTEGER`,
  `ALTER TABLE assignments ADD COLUMN risk_word INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE assignments ADD COLUMN channel TEXT`,
  `ALTER TABLE assignments ADD COLUMN invited_by TEXT`,
  // An in-danger chat whose network used up its urgent starts this hour waits in order of arrival.
  `ALTER TABLE queue ADD COLUMN urgency_capped INTEGER NOT NULL DEFAULT 0`,
  ...ESCALATION_SCHEMA,
  // Each counsellor's exposure this shift (worker/exposure.ts).
  EXPOSURE_TABLE,
  // Queue and assignments become one record per chat (worker/desk-chats.ts).
  ...CHATS_SCHEMA,
  // When each held chat's object was last asked whether it is open (worker/desk-sweep.ts).
  ...SWEEP_SCHEMA,
  // What Stats counted of each chat, and which owed categorisations it counts (stats-events.ts).
  ...COUNTED_SCHEMA,
  ...OWED_SCHEMA,
  // A rewrite owed since chats were forgotten, so their ids leave the files too (erasure-due.ts).
  ERASURE_TABLE,
  // The last hour's starts, by their network's tag (worker/start-window.ts).
  ...START_WINDOW_SCHEMA,
  // Each start's wider tiers (its /56 and /48, or its IPv4 /24), by their tags as its network.
  ...START_WINDOW_TIERS_SCHEMA,
] as const;

/** How many recent waits the estimate looks at, and how many it needs before it says anything. */
const WAIT_SAMPLE = 20;
const WAIT_SAMPLE_MIN = 3;
/** Open chats a counsellor holds at most until they set their own: the most the schema allows. */
export const DEFAULT_CAPACITY = 10;

type PresenceRow = {
  staff_id: string;
  display_name: string;
  role: Role;
  status: StaffStatus;
  capacity: number;
  uncategorised: number;
};
/** `expiresAt`: when the session the console was opened with ends (see socket-expiry.ts). */
type ConsoleAttachment = { staff: StaffMember; expiresAt: number };

export type QueuePlace = { position: number; waitSeconds: number | null };
/** `failed`: the chat's object could not be reached; the chat is back in the queue as it was. */
export type AcceptResult = "accepted" | "not_waiting" | "away" | "at_capacity" | "outreach_only" | "failed";
/** `failed`: the chat's object could not be reached; the chat stays with the counsellor who held it. */
export type TransferResult = "transferred" | "not_yours" | "unavailable" | "outreach_only" | "failed";

export class Desk extends JurisdictionObject {
  /** When a chat was last taken off the queue. Memory only: after an eviction one sample is too long. */
  private lastAcceptAt = 0;
  /**
   * What each waiting chat was last told (place and wait), so a change pushes only to the chats whose
   * place or estimate moved: a chat joining at the back costs no push at all. Memory only: after an
   * eviction every waiting chat is told again at the next change, which errs towards telling.
   */
  private told = new Map<string, string>();
  /** The last hour's starts, to see a flood for what it is (see start-window.ts). */
  private readonly startWindow = new StartWindow(this.ctx.storage.sql);
  private readonly exposure = new ExposureStore(this.ctx.storage.sql);
  private readonly chats = new DeskChats(this.ctx.storage.sql);
  /** The settings parsed once per wake, not on every queue change; saveSettings drops them. */
  private parsedSettings: HelplineSettings | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, DESK_SCHEMA));
  }

  // ---- RPC: the queue ----

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Whether a new chat would find room in the queue; the start is refused at once when not. */
  async hasRoom(): Promise<boolean> {
    return this.chats.waitingCount() < LIMITS.queueLength;
  }

  /** Counts a start from a client with these tiers of address, by their tags (see StartWindow): refused
   *  past the helpline's ceiling per minute; an urgent one is told whether it may go first. */
  async admitStart(tiers: TierKey[], urgent: boolean): Promise<Admission> {
    const settings = config(this.env);
    const limits = { perMinute: settings.STARTS_PER_MINUTE, urgentFirstPerHour: settings.URGENT_FIRST_PER_HOUR };
    const admission = this.startWindow.admit(tiers, urgent, limits, Date.now());
    // The start's row must go in an hour: the alarm comes by then.
    const due = this.startWindow.nextPrune();
    const set = await this.ctx.storage.getAlarm();
    if (due !== null && (set === null || set > due)) await this.scheduleAlarm();
    return admission;
  }

  /**
   * Puts a new chat at the back of the queue (urgent chats go first) and counts it offered: every way
   * into the queue comes through here, so each entry is one offer. Null when the queue is full.
   */
  async enqueue(chat: Enqueue): Promise<QueuePlace | null> {
    if (!(await this.hasRoom())) return null;
    this.chats.enqueue(chat, Date.now());
    if (await chatOffered(this.env, this.helpline, chat.invite?.channel ?? null)) this.chats.offerCounted(chat.conversationId);
    // Its place is known (and noted as told) before the others are updated: the new chat learns it
    // from this answer or from its hello, so the update below pushes to nobody it does not move.
    const place = await this.position(chat.conversationId);
    // Not awaited: the entering chat waits for this answer inside its own blockConcurrencyWhile
    // (Conversation.hello, resume), and so may another chat entering at the same moment. Awaited, a
    // place pushed to that other chat would wait on its gate while it waits on this Desk, and both
    // would hang until the runtime reset them. The others hear their places once this answer is out.
    this.ctx.waitUntil(this.changed().catch((error: unknown) => logError("desk.changed_failed", error)));
    return place;
  }

  /** The risk words a Conversation screens its first visitor messages with. */
  async riskWords(): Promise<string[]> {
    const { riskWords } = await this.settings();
    return [...riskWords.nl, ...riskWords.en];
  }

  /** A waiting chat's first messages matched a risk word: it moves up with the urgent chats. */
  async markUrgent(conversationId: string): Promise<void> {
    if (this.chats.markRiskWord(conversationId)) await this.changed();
  }

  /** A counsellor takes a waiting chat, if their status and capacity allow. One of two racing wins. */
  async accept(conversationId: string, staff: StaffMember): Promise<AcceptResult> {
    const row = this.chats.get(conversationId);
    if (row?.state !== "waiting") return "not_waiting";
    if (row.channel !== null && !OUTREACH_TEAM.includes(staff.role)) return "outreach_only";
    const presence = this.presence(staff.id);
    if (presence?.status === "away") return "away";
    if (this.chats.heldCount(staff.id) >= (presence?.capacity ?? DEFAULT_CAPACITY)) return "at_capacity";
    this.upsertPresence(staff);
    const now = Date.now();
    // Taken before the await below, so a second accept finds it no longer waiting.
    this.chats.hold(conversationId, staff.id, now);
    // Asked again if the answer is lost: assigning the same counsellor again is harmless, and otherwise
    // the Desk would put back in the queue a chat that already has a counsellor.
    const assigned = await callChat(this.env, conversationId, "assign", (chat) => chat.assign(staff));
    if (assigned === FAILED) {
      // The chat is still waiting in its object: put it back where it stood, or it would never be
      // offered again while its visitor waits.
      this.chats.unhold(conversationId);
      await this.changed();
      return "failed";
    }
    // Not put back: the chat ended or someone else holds it, so a row would be a ghost.
    if (!assigned) this.chats.remove(conversationId);
    else {
      // The queue moved up one place: measured from the previous move, or from when this chat
      // arrived if the queue stood empty until then. Place times, not whole waits, so an estimate of
      // place x time-per-place does not count the queue twice.
      this.recordWait(Math.round((now - Math.max(this.lastAcceptAt, row.enqueued_at)) / 1000));
      this.lastAcceptAt = now;
      if (this.chats.countAnswer(conversationId)) await chatAnswered(this.env, this.helpline, Math.round((now - row.enqueued_at) / 1000), row.channel);
    }
    await this.changed();
    return assigned ? "accepted" : "not_waiting";
  }

  /** The chat ended or was abandoned: forget it; its counsellor owes one categorisation. */
  async release(conversationId: string): Promise<void> {
    const chat = this.chats.remove(conversationId);
    if (chat?.state === "waiting" && chat.counted === "offered") await chatAbandonedWaiting(this.env, this.helpline);
    if (chat?.state === "held" && chat.staff_id !== null && chat.assigned_at !== null) {
      const seconds = (Date.now() - chat.assigned_at) / 1000;
      this.exposure.chatDone(chat.staff_id, seconds, Date.now());
      const answerCounted = chat.counted === "answered";
      if (answerCounted) await answeredChatEnded(this.env, this.helpline, Math.round(seconds));
      owe(this.sql, chat.staff_id, answerCounted);
    }
    forgetEscalation(this.sql, conversationId);
    await this.changed();
  }

  // ---- RPC: safeguarding (escalations.ts) ----

  /** The holder escalates a chat: every supervisor's console is alerted at the snapshot below. */
  async escalate(conversationId: string, staff: StaffMember, reason: EscalationReason): Promise<EscalateResult> {
    const result = recordEscalation(this.sql, conversationId, staff.id, reason, Date.now());
    if (result !== "escalated") return result;
    await escalated(this.env, this.helpline, reason);
    await this.changed();
    return result;
  }

  /** Whether a held chat was escalated, so a supervisor may join it. */
  async isEscalated(conversationId: string): Promise<boolean> {
    return isEscalated(this.sql, conversationId);
  }

  /** Whether a chat is waiting or held: the chats whose sockets this Desk can reach (see closeSockets). */
  async isOpen(conversationId: string): Promise<boolean> {
    return this.chats.get(conversationId) !== undefined;
  }

  /** Who holds an open chat, or null. */
  async holder(conversationId: string): Promise<string | null> {
    return this.chats.holding(conversationId)?.staffId ?? null;
  }

  /**
   * Settles one categorisation a counsellor owes, and counts its topic and outcome (owed-categorisations.ts
   * says when not). False when they owe none, so counts cannot be inflated. A heavy topic (helpline
   * setting) adds to the counsellor's shift, still without a link to the chat.
   */
  async categorise(staffId: string, topic: Topic, outcome: Outcome): Promise<boolean> {
    const settled = settle(this.sql, staffId);
    if (settled === null) return false;
    if ((await this.settings()).wellbeing.heavyTopics.includes(topic)) this.exposure.heavyChat(staffId, Date.now());
    await this.changed();
    if (settled === "counted") await chatCategorised(this.env, this.helpline, topic, outcome);
    return true;
  }

  /**
   * A counsellor asks for a debrief: the consoles of the supervisors on shift (observer roles, other
   * than the asker) are told who asks, nothing about which chat. Returns how many were told.
   */
  async requestDebrief(staff: StaffMember): Promise<number> {
    const frame: DebriefRequest = { type: "debrief", from: staff.displayName, at: Date.now() };
    const told = new Set<string>();
    for (const ws of this.consoles()) {
      const { staff: member } = consoleOf(ws);
      if (member.id === staff.id || !OBSERVER_ROLES.includes(member.role)) continue;
      // A closing console is skipped; the others are told.
      if (sendDeskFrame(ws, frame)) told.add(member.id);
    }
    return told.size;
  }

  /**
   * Hands an open chat to an available colleague with room; the Conversation tells the visitor. A chat
   * from an outreach link stays with the outreach team, as at accept.
   */
  async transfer(conversationId: string, from: StaffMember, to: string, note: string): Promise<TransferResult> {
    const held = this.chats.holding(conversationId);
    if (held?.staffId !== from.id) return "not_yours";
    const target = this.colleagues().find((c) => c.id === to);
    if (!target || to === from.id || target.status !== "available" || target.open >= target.capacity) return "unavailable";
    const channel = this.chats.get(conversationId)?.channel ?? null;
    if (channel !== null && !OUTREACH_TEAM.includes(target.role)) return "outreach_only";
    this.chats.setHolder(conversationId, { staffId: to, assignedAt: Date.now() });
    // Asked again if the answer is lost: handing to the same colleague again changes nothing.
    const moved = await callChat(this.env, conversationId, "reassign", (chat) => chat.reassign(target, from.displayName, note));
    // Not moved, or the object could not say: the previous counsellor holds it still, as the object says.
    if (moved !== true) this.chats.setHolder(conversationId, held);
    // Handing over is the end of the chat for the one who held it, as far as their load goes.
    else this.exposure.chatDone(from.id, (Date.now() - held.assignedAt) / 1000, Date.now());
    await this.changed();
    if (moved === FAILED) return "failed";
    return moved ? "transferred" : "not_yours";
  }

  /** Where a waiting chat stands, or null if it is not waiting. */
  async position(conversationId: string): Promise<QueuePlace | null> {
    const queue = this.chats.queue();
    const chat = queue.find((q) => q.conversationId === conversationId);
    if (!chat) return null;
    const position = placeIn(queue, chat);
    const waitSeconds = this.estimateWait(position);
    this.told.set(conversationId, placeKey(position, waitSeconds));
    return { position, waitSeconds };
  }

  // ---- RPC: staff ----

  /** A counsellor sets their status and how many chats they hold at most. */
  async setStatus(staff: StaffMember, status: StaffStatus, capacity: number): Promise<void> {
    const wasAway = this.presence(staff.id)?.status === "away";
    this.upsertPresence(staff);
    this.sql.exec("UPDATE presence SET status = ?, capacity = ? WHERE staff_id = ?", status, capacity, staff.id);
    this.exposure.statusChanged(staff.id, wasAway, status === "away", Date.now());
    await this.changed();
  }

  /**
   * An account was disabled: its consoles close now, and so do its sockets in every open chat. The
   * chats it held go back to the queue, ahead of newer ones, so no visitor is left with nobody.
   */
  async disconnectStaff(staffId: string): Promise<void> {
    this.sql.exec("DELETE FROM presence WHERE staff_id = ?", staffId);
    this.exposure.forget(staffId);
    await this.closeSockets(staffTag(staffId));
    // Back with everything that ordered and routed it: urgency, and the outreach team's queue. All rows
    // first, so that one chat's object failing to answer below strands no other chat.
    const held = this.chats.requeueHeldBy(staffId);
    const results = await Promise.all(held.map((id) => callChat(this.env, id, "requeue", (chat) => chat.requeue())));
    // A chat that ended meanwhile leaves the queue; one whose object did not answer stays, findable.
    results.forEach((requeued, i) => {
      const id = held[i];
      if (requeued === false && id !== undefined) this.chats.remove(id);
    });
    await this.changed();
  }

  /** A staff member logged out: the consoles and chat sockets opened with that session close now. */
  async disconnectSession(sessionId: string): Promise<void> {
    await this.closeSockets(sessionTag(sessionId));
    await this.changed();
  }

  // ---- RPC: settings ----

  /** The helpline's current settings: the saved ones, with defaults for any field the schema now refuses. */
  async settings(): Promise<HelplineSettings> {
    this.parsedSettings ??= this.loadSettings();
    return this.parsedSettings;
  }

  private loadSettings(): HelplineSettings {
    const row = this.sql.exec<{ json: string }>("SELECT json FROM settings").toArray()[0];
    const initial = initialSettings(this.env, this.helpline);
    if (!row) return initial;
    const { settings, refused } = readSettings(JSON.parse(row.json), initial);
    if (refused.length > 0) logEvent("desk.settings_fields_defaulted", { fields: refused.length }, this.helpline);
    return settings;
  }

  /** Saves settings an admin edited; the worker has validated them with the same schema. */
  async saveSettings(settings: HelplineSettings): Promise<void> {
    this.sql.exec(
      "INSERT INTO settings (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
      JSON.stringify(HelplineSettings.parse(settings)),
    );
    this.parsedSettings = undefined;
    await this.changed();
  }

  // ---- console sockets ----

  /** Accepts a console socket the worker has authenticated; it receives the desk at once. */
  override async fetch(request: Request): Promise<Response> {
    const identity = SocketIdentity.safeParse(JSON.parse(request.headers.get(IDENTITY_HEADER) ?? "null"));
    if (!identity.success || identity.data.kind !== "staff") return new Response("Forbidden", { status: 403 });
    const { staff, session } = identity.data;
    // The worker checked this already; a Desk still never lets in another helpline's staff.
    if (!staff.helplines.includes(this.helpline)) return new Response("Forbidden", { status: 403 });
    const othersOpen = this.consoles().some((ws) => consoleOf(ws).staff.id === staff.id);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, staffSocketTags(staff.id, session));
    server.serializeAttachment({ staff, expiresAt: session.expiresAt } satisfies ConsoleAttachment);
    this.upsertPresence(staff);
    await this.releaseEnded(this.chats.heldBy(staff.id).map((c) => c.conversationId));
    this.exposure.online(staff.id, othersOpen, this.presence(staff.id)?.status === "away", Date.now());
    await this.scheduleAlarm();
    await this.changed();
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Closes consoles whose session has ended, alerts supervisors to urgent chats waiting too long,
   * releases held chats that ended without the Desk hearing it (desk-sweep.ts), and deletes the starts
   * past their hour (start-window.ts).
   */
  override async alarm(): Promise<void> {
    this.startWindow.prune(Date.now());
    if (closeExpired(this.ctx.getWebSockets(), consoleExpiry, Date.now()) > 0) await this.changed();
    const alerted = raiseWaitAlerts(this.sql, (await this.settings()).urgentWaitAlertMinutes, Date.now());
    await urgentWaitAlerts(this.env, this.helpline, alerted);
    if (alerted > 0) await this.changed();
    await this.releaseEnded(takeSweep(this.sql, Date.now()));
    await eraseIfDue(this.ctx.storage, Date.now());
    await this.scheduleAlarm();
  }

  /** Consoles only listen: any frame they send is refused with a typed error and otherwise ignored. */
  override async webSocketMessage(ws: WebSocket): Promise<void> {
    sendDeskFrame(ws, DESK_REFUSAL);
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    this.exposure.seen(consoleOf(ws).staff.id, Date.now());
    await this.changed(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.exposure.seen(consoleOf(ws).staff.id, Date.now());
    await this.changed(ws);
  }

  // ---- helpers ----

  /**
   * Closes the sockets with this tag (an account's or a session's) here and in every open chat. The
   * Desk does not record who observes what, so every waiting and assigned chat is asked; each closes
   * only the sockets that carry the tag.
   */
  private async closeSockets(tag: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(tag)) ws.close(CloseCode.unauthorized, "Your session has ended.");
    await Promise.all(this.chats.openIds().map((id) => callChat(this.env, id, "disconnect", (chat) => chat.closeSockets(tag))));
  }

  /**
   * Releases, as their lost release call would have, the held chats among these whose object says they
   * ended: those a connecting console would list, and every held chat at each sweep (desk-sweep.ts).
   */
  private async releaseEnded(held: string[]): Promise<void> {
    for (const id of await endedChats(this.env, held)) await this.release(id);
  }

  /** One alarm, for the earliest of: a console's session ending, an urgent chat's wait alert, the next sweep, a rewrite owed, the start window's next prune. */
  private async scheduleAlarm(): Promise<void> {
    const deadlines = [
      nextExpiry(this.ctx.getWebSockets(), consoleExpiry, Date.now()),
      nextWaitAlert(this.sql, (await this.settings()).urgentWaitAlertMinutes),
      nextSweep(this.sql),
      erasureDue(this.sql),
      this.startWindow.nextPrune(),
    ].filter((d) => d !== null);
    if (deadlines.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...deadlines));
  }

  /** Consoles whose session has not ended (a closed one may linger in the list for a moment). */
  private consoles(closing?: WebSocket): WebSocket[] {
    const now = Date.now();
    return this.ctx.getWebSockets().filter((ws) => ws !== closing && !isExpired(ws, consoleExpiry, now));
  }

  /** The helpline this Desk serves: objects are named after it. */
  private get helpline(): string {
    const name = this.ctx.id.name;
    // Desks are only ever made by name (getByName); a nameless one would count for nobody's helpline.
    if (name === undefined) throw new Error("A Desk must be named after its helpline.");
    return name;
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private presence(staffId: string): PresenceRow | undefined {
    return this.sql.exec<PresenceRow>("SELECT * FROM presence WHERE staff_id = ?", staffId).toArray()[0];
  }

  private upsertPresence(staff: StaffMember): void {
    this.sql.exec(
      `INSERT INTO presence (staff_id, display_name, role, status, capacity) VALUES (?, ?, ?, 'available', ?)
       ON CONFLICT (staff_id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role`,
      staff.id,
      staff.displayName,
      staff.role,
      DEFAULT_CAPACITY,
    );
  }

  /** Chat staff with a console open now (`closing` is a socket on its way out). */
  private colleagues(closing?: WebSocket): Colleague[] {
    const online = new Set(this.consoles(closing).map((ws) => consoleOf(ws).staff.id));
    return this.sql
      .exec<PresenceRow & { open: number }>(
        `SELECT p.*, (SELECT count(*) FROM chats c WHERE c.state = 'held' AND c.staff_id = p.staff_id) AS open
         FROM presence p ORDER BY p.display_name`,
      )
      .toArray()
      .filter((p) => online.has(p.staff_id) && CHAT_ROLES.includes(p.role))
      .map((p) => ({ id: p.staff_id, displayName: p.display_name, role: p.role, status: p.status, capacity: p.capacity, open: p.open }));
  }

  /** `flood`: the start window's busiest minute, when it is a flood (StartWindow.flood). */
  private snapshot(staff: StaffMember, queue: Waiting[], colleagues: Colleague[], offered: Map<string, string>, flood: number | null): DeskSnapshot {
    const mine = this.chats.heldBy(staff.id);
    const presence = this.presence(staff.id);
    const observable = OBSERVER_ROLES.includes(staff.role) ? this.chats.heldByOthers(staff.id) : [];
    return {
      type: "desk",
      // Chats from outreach links wait in the outreach team's queue; other consoles do not list them.
      queue: queue
        .filter((q) => q.channel === null || OUTREACH_TEAM.includes(staff.role))
        .map(({ invitedBy: _private, ...q }) => ({ ...q, offered: offered.get(q.conversationId) === staff.id })),
      mine,
      me: {
        status: presence?.status ?? "available",
        capacity: presence?.capacity ?? DEFAULT_CAPACITY,
        uncategorised: presence?.uncategorised ?? 0,
      },
      colleagues,
      observable,
      ...(flood === null ? {} : { flood: { perMinute: flood, minutes: FLOOD_MINUTES } }),
      alerts: OBSERVER_ROLES.includes(staff.role) ? supervisorAlerts(this.sql) : [],
    };
  }

  /** After any change: every console gets the new desk, every waiting visitor whose place or wait moved the new one. */
  private async changed(closing?: WebSocket): Promise<void> {
    // Any change may have queued or released an urgent chat, which moves its wait alert.
    await this.scheduleAlarm();
    const queue = this.chats.queue();
    const colleagues = this.colleagues(closing);
    const settings = await this.settings();
    const offered = offers(queue, colleagues, settings.offerNext);
    const consoles = this.consoles(closing);
    const wellbeing = this.exposure.views(new Set(consoles.map((ws) => consoleOf(ws).staff.id)), settings.wellbeing, Date.now());
    // Read once for every console: the same count for all.
    const flood = this.startWindow.flood(Date.now());
    for (const ws of consoles) {
      const { staff } = consoleOf(ws);
      // A closing console is skipped; it reconnects and gets a fresh snapshot.
      sendDeskFrame(ws, { ...this.snapshot(staff, queue, colleagues, offered, flood), wellbeing: wellbeing(staff) });
    }
    const told = new Map<string, string>();
    const moved: { conversationId: string; position: number; waitSeconds: number | null }[] = [];
    const perPlace = this.secondsPerPlace();
    for (const q of queue) {
      const position = placeIn(queue, q);
      const waitSeconds = perPlace === null ? null : perPlace * position;
      const key = placeKey(position, waitSeconds);
      told.set(q.conversationId, key);
      if (this.told.get(q.conversationId) !== key) moved.push({ conversationId: q.conversationId, position, waitSeconds });
    }
    // Chats that left the queue drop out here, so one that comes back is told its place again.
    this.told = told;
    const results = await Promise.all(
      moved.map((m) => callChat(this.env, m.conversationId, "position_push", (chat) => chat.queuePosition(m.position, m.waitSeconds))),
    );
    results.forEach((r, i) => {
      // Not told after all: the next change tries again.
      const failed = moved[i];
      if (r === FAILED && failed) this.told.delete(failed.conversationId);
    });
  }

  private recordWait(seconds: number): void {
    this.sql.exec("INSERT INTO recent_waits (seconds) VALUES (?)", seconds);
    this.sql.exec(
      "DELETE FROM recent_waits WHERE id NOT IN (SELECT id FROM recent_waits ORDER BY id DESC LIMIT ?)",
      WAIT_SAMPLE,
    );
  }

  /**
   * The median time the queue took to move up one place, times the place; null until there is
   * enough data, and null while no counsellor is connected, because then nobody can say.
   */
  private estimateWait(position: number): number | null {
    const perPlace = this.secondsPerPlace();
    return perPlace === null ? null : perPlace * position;
  }

  /** The median time one place took, or null while it cannot be said (see estimateWait). */
  private secondsPerPlace(): number | null {
    if (this.consoles().length === 0) return null;
    const waits = this.sql
      .exec<{ seconds: number }>("SELECT seconds FROM recent_waits ORDER BY seconds")
      .toArray()
      .map((r) => r.seconds);
    if (waits.length < WAIT_SAMPLE_MIN) return null;
    return waits[Math.floor(waits.length / 2)] ?? 0;
  }
}

function consoleOf(ws: WebSocket): ConsoleAttachment {
  return ws.deserializeAttachment() as ConsoleAttachment;
}

function consoleExpiry(ws: WebSocket): number {
  return consoleOf(ws).expiresAt;
}

/** A place and wait as one comparable value. */
function placeKey(position: number, waitSeconds: number | null): string {
  return `${position}:${waitSeconds ?? "-"}`;
}

/** A visitor's place counts only the chats ahead of them in the same queue (general or outreach). */
function placeIn(queue: readonly Waiting[], chat: Waiting): number {
  const sameQueue = queue.filter((q) => (q.channel === null) === (chat.channel === null));
  return sameQueue.indexOf(chat) + 1;
}
