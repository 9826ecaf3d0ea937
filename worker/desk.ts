/**
 * Desk: one Durable Object per helpline. It keeps the waiting queue and who has which chat, pushes
 * the live queue to counsellor consoles, and tells each waiting visitor their place.
 * It never sees message text: that stays in the Conversation objects.
 */
import { DurableObject } from "cloudflare:workers";
import type { AssignedChat, DeskSnapshot, QueueItem } from "../schema/desk";
import type { Language } from "../schema/http";
import { LIMITS } from "../schema/limits";
import { DEFAULT_SETTINGS, HelplineSettings } from "../schema/helpline";
import { IDENTITY_HEADER, SocketIdentity, type StaffMember } from "../schema/staff";
import { logError } from "./log";
import { migrate } from "./migrate";

const SCHEMA = [
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
] as const;

/** How many recent waits the estimate looks at, and how many it needs before it says anything. */
const WAIT_SAMPLE = 20;
const WAIT_SAMPLE_MIN = 3;

type QueueRow = { conversation_id: string; enqueued_at: number; in_danger: number | null; language: Language };
type ConsoleAttachment = { staff: StaffMember };

export type Enqueue = { conversationId: string; inDanger: boolean | null; language: Language };
export type QueuePlace = { position: number; waitSeconds: number | null };
export type AcceptResult = "accepted" | "not_waiting";

export class Desk extends DurableObject<Env> {
  /** When a chat was last taken off the queue. Memory only: after an eviction one sample is too long. */
  private lastAcceptAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  // ---- RPC ----

  /** Puts a new chat at the back of the queue (urgent chats go first). Null when the queue is full. */
  async enqueue(chat: Enqueue): Promise<QueuePlace | null> {
    const waiting = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM queue").one().n;
    if (waiting >= LIMITS.queueLength) return null;
    this.sql.exec(
      "INSERT INTO queue (conversation_id, enqueued_at, in_danger, language) VALUES (?, ?, ?, ?)",
      chat.conversationId,
      Date.now(),
      chat.inDanger === null ? null : Number(chat.inDanger),
      chat.language,
    );
    await this.changed();
    return this.position(chat.conversationId);
  }

  /** A counsellor takes a waiting chat. Exactly one of two counsellors racing for it wins. */
  async accept(conversationId: string, staff: StaffMember): Promise<AcceptResult> {
    const row = this.sql
      .exec<QueueRow>("SELECT * FROM queue WHERE conversation_id = ?", conversationId)
      .toArray()[0];
    if (!row) return "not_waiting";
    const now = Date.now();
    // Taken off the queue before the await below, so a second accept finds nothing.
    this.sql.exec("DELETE FROM queue WHERE conversation_id = ?", conversationId);
    this.sql.exec(
      "INSERT INTO assignments (conversation_id, staff_id, assigned_at) VALUES (?, ?, ?)",
      conversationId,
      staff.id,
      now,
    );
    // The queue moved up one place: measured from the previous move, or from when this chat
    // arrived if the queue stood empty until then. Place times, not whole waits, so an estimate of
    // place x time-per-place does not count the queue twice.
    this.recordWait(Math.round((now - Math.max(this.lastAcceptAt, row.enqueued_at)) / 1000));
    this.lastAcceptAt = now;
    const assigned = await this.env.CONVERSATION.getByName(conversationId).assign(staff);
    if (!assigned) this.sql.exec("DELETE FROM assignments WHERE conversation_id = ?", conversationId);
    await this.changed();
    return assigned ? "accepted" : "not_waiting";
  }

  /** The chat ended or was abandoned: forget it. */
  async release(conversationId: string): Promise<void> {
    this.sql.exec("DELETE FROM queue WHERE conversation_id = ?", conversationId);
    this.sql.exec("DELETE FROM assignments WHERE conversation_id = ?", conversationId);
    await this.changed();
  }

  /** Where a waiting chat stands, or null if it is not waiting. */
  async position(conversationId: string): Promise<QueuePlace | null> {
    const index = this.queue().findIndex((q) => q.conversationId === conversationId);
    if (index < 0) return null;
    return { position: index + 1, waitSeconds: this.estimateWait(index + 1) };
  }

  /** The helpline's current settings: the saved ones, or the defaults. */
  async settings(): Promise<HelplineSettings> {
    const row = this.sql.exec<{ json: string }>("SELECT json FROM settings").toArray()[0];
    if (!row) return DEFAULT_SETTINGS;
    const parsed = HelplineSettings.safeParse(JSON.parse(row.json));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  /** Saves settings an admin edited; the worker has validated them with the same schema. */
  async saveSettings(settings: HelplineSettings): Promise<void> {
    this.sql.exec(
      "INSERT INTO settings (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
      JSON.stringify(HelplineSettings.parse(settings)),
    );
  }

  // ---- console sockets ----

  /** Accepts a console socket the worker has authenticated; it receives the desk at once. */
  override async fetch(request: Request): Promise<Response> {
    const identity = SocketIdentity.safeParse(JSON.parse(request.headers.get(IDENTITY_HEADER) ?? "null"));
    if (!identity.success || identity.data.kind !== "staff") return new Response("Forbidden", { status: 403 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [`staff:${identity.data.staff.id}`]);
    server.serializeAttachment({ staff: identity.data.staff } satisfies ConsoleAttachment);
    server.send(JSON.stringify(this.snapshot(identity.data.staff.id, this.queue())));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Consoles only listen; anything they send is ignored. */
  override async webSocketMessage(): Promise<void> {}

  // ---- helpers ----

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** Urgent first, then longest waiting. */
  private queue(): QueueItem[] {
    return this.sql
      .exec<QueueRow>("SELECT * FROM queue ORDER BY coalesce(in_danger, 0) DESC, enqueued_at ASC")
      .toArray()
      .map((r) => ({
        conversationId: r.conversation_id,
        enqueuedAt: r.enqueued_at,
        inDanger: r.in_danger === null ? null : r.in_danger === 1,
        language: r.language,
      }));
  }

  private snapshot(staffId: string, queue: QueueItem[]): DeskSnapshot {
    const mine = this.sql
      .exec<{ conversation_id: string; assigned_at: number }>(
        "SELECT conversation_id, assigned_at FROM assignments WHERE staff_id = ? ORDER BY assigned_at",
        staffId,
      )
      .toArray()
      .map((r): AssignedChat => ({ conversationId: r.conversation_id, assignedAt: r.assigned_at }));
    return { type: "desk", queue, mine };
  }

  /** After any change: every console gets the new desk, every waiting visitor their new place. */
  private async changed(): Promise<void> {
    const queue = this.queue();
    for (const ws of this.ctx.getWebSockets()) {
      const { staff } = ws.deserializeAttachment() as ConsoleAttachment;
      try {
        ws.send(JSON.stringify(this.snapshot(staff.id, queue)));
      } catch {
        // A closing console; it reconnects and gets a fresh snapshot.
      }
    }
    const results = await Promise.allSettled(
      queue.map((q, i) =>
        this.env.CONVERSATION.getByName(q.conversationId).queuePosition(i + 1, this.estimateWait(i + 1)),
      ),
    );
    for (const r of results) if (r.status === "rejected") logError("desk.position_push_failed", r.reason);
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
    if (this.ctx.getWebSockets().length === 0) return null;
    const waits = this.sql
      .exec<{ seconds: number }>("SELECT seconds FROM recent_waits ORDER BY seconds")
      .toArray()
      .map((r) => r.seconds);
    if (waits.length < WAIT_SAMPLE_MIN) return null;
    const median = waits[Math.floor(waits.length / 2)] ?? 0;
    return median * position;
  }
}
