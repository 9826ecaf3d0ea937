/**
 * RateLimiter: counts attempts per client; a few of them share the deployment's keys
 * (worker/limiter-shards.ts), each key always counted by the same one. The visitors' object also holds
 * the blocks, the start's proof-of-work gate and the survey tickets.
 * A client is known by an HMAC of its address under a key made fresh each UTC day (worker/daily-key.ts):
 * the address itself is hashed at once and never kept, and yesterday's hashes cannot be linked to
 * today's. Everything is kept in the object's SQLite storage, key included, so every protection holds
 * for its time across idle periods, eviction and restarts; the alarm deletes each row when its time
 * is up, and at midnight UTC the key with every row made under it.
 */
import { JurisdictionObject } from "./jurisdiction";
import { ERASURE_TABLE, eraseIfDue, eraseSoon, erasureDue } from "./erasure-due";
import type { EnvConfig } from "../schema/config";
import type { ActiveBlock } from "../schema/block";
import type { ChallengeRefusal } from "../schema/start-challenge";
import { ATTEMPT_COUNTS_SCHEMA, AttemptCounts } from "./attempt-counts";
import { BLOCKS_SCHEMA, BlockList, type NewBlock } from "./block-list";
import { TIER_SHARE, type TierKey, type TierPrefix } from "./client-prefix";
import { config } from "./config";
import { nextUtcMidnight } from "../schema/day-key";
import { DAILY_KEY_SCHEMA, DailyKey } from "./daily-key";
import { migrate } from "./migrate";
import { pruneAt } from "./prune-time";
import { DEMAND_WINDOW_MS, type Issued, type Proof, START_GATE_SCHEMA, START_GATE_TIERS_SCHEMA, StartGate } from "./start-gate";
import { SURVEY_TICKETS_SCHEMA, SurveyTickets } from "./survey-tickets";


/** What is being limited, with how many attempts each client gets per window. */
export function attemptsPerWindow(settings: EnvConfig) {
  return {
    /** Trying resume codes (resume and delete by code): a person types theirs once or twice. */
    code: 10,
    /** Consent and withdrawal with a chat token. */
    token: 20,
    /** Reporting a view of the closed page: a person reloads it a few times, a script would inflate the count. */
    closedVisit: 10,
    /** Reporting a page opened from an outreach link: a few people behind one address, not a script inflating the count. */
    inviteOpened: 10,
    /**
     * Failed staff sign-ins (login, first-run setup, confirming a second factor), across every login
     * name: the per-name lock-out does not stop one client trying one password on many names. Only
     * failures count, so a team behind one address can still all log in at the start of a shift.
     */
    signIn: 20,
    /**
     * Failed sign-ins on one login name from one client: five, then that client waits out the window.
     * Others are not held back, so guessing from one place cannot lock a member out.
     */
    signInName: 5,
    /**
     * Failed sign-ins across the deployment (every name, every client). Past it, sign-in is under strain:
     * only a password with a valid second factor in the same request gets in (worker/staff.ts).
     */
    signInAll: 200,
    /** Accounts an admin could not create because the login name is in use: a few typos, not a list of names. */
    loginInUse: 10,
    /** Answering the survey after a chat: one answer per chat, and one network cannot stuff the counts. */
    survey: 10,
    /**
     * Starting chats: one client must not fill the queue. Counted for every tier of the client's
     * address (client-prefix.ts), each with its own allowance: its network (an IPv6 /64, an IPv4
     * address), its /56, its /48 or IPv4 /24, so rotating through the /64s of a /48 does not buy more.
     */
    start: settings.CHAT_STARTS_PER_WINDOW,
    /**
     * Asking for a start's proof-of-work challenge: the page asks at most three times per start
     * (web/visitor/start-with-work.ts), so a client gets three per start it may make; each answer costs
     * the gate a MAC and memory, and a script asked for thousands a minute.
     */
    challenge: 3 * settings.CHAT_STARTS_PER_WINDOW,
    /** Opening a visitor's chat socket, which needs no account: each one costs the chat's object memory until it closes. */
    visitorSocket: settings.VISITOR_SOCKETS_PER_WINDOW,
    startSite: settings.CHAT_STARTS_PER_WINDOW * TIER_SHARE.site,
    startBlock: settings.CHAT_STARTS_PER_WINDOW * TIER_SHARE.block,
  };
}
export type Limited = keyof ReturnType<typeof attemptsPerWindow>;
/** One attempt to count: of this kind, for this key (a client's network, a network and a name, or one key for all). */
export type Count = { what: Limited; key: string };
export const WINDOW_MS = 10 * 60 * 1000;

export const RATE_LIMITER_SCHEMA = [
  ...DAILY_KEY_SCHEMA,
  ...ATTEMPT_COUNTS_SCHEMA,
  ...BLOCKS_SCHEMA,
  ...START_GATE_SCHEMA,
  ...SURVEY_TICKETS_SCHEMA,
  ...START_GATE_TIERS_SCHEMA,
  // A rewrite owed once the day's key is deleted, so its bytes leave the files too (erasure-due.ts).
  ERASURE_TABLE,
] as const;

export class RateLimiter extends JurisdictionObject {
  private readonly attempts = attemptsPerWindow(config(this.env));
  private readonly counts = new AttemptCounts(this.ctx.storage.sql, WINDOW_MS);
  private readonly blocks = new BlockList(this.ctx.storage.sql);
  private readonly surveyTickets = new SurveyTickets(this.ctx.storage.sql);
  private readonly gate = new StartGate(this.ctx.storage.sql, (text, now) => this.dayKey.mac(text, now), {
    maxBits: config(this.env).START_WORK_MAX_BITS,
    // Half the ceiling one helpline takes in a minute, counted across the deployment: a flood, not an evening.
    floodPerMinute: Math.ceil(config(this.env).STARTS_PER_MINUTE / 2),
  });
  private readonly dayKey = new DailyKey(this.ctx.storage.sql, () => {
    this.counts.retire();
    this.blocks.retire();
    this.gate.retire();
    // A deleted key is gone only once its bytes leave the files (rewrite-storage.ts): booked in storage,
    // so an eviction before the alarm makes it does not forget it.
    eraseSoon(this.ctx.storage.sql, Date.now());
  });
  /**
   * When the alarm is set for, read once per wake (before any call), so a write that needs no earlier
   * alarm costs no alarm write, and two calls cannot each decide on a stale value.
   */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage.sql, RATE_LIMITER_SCHEMA);
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Counts one attempt on each count; for each, false when its key has used up its attempts in this window. */
  async allow(counts: readonly Count[]): Promise<boolean[]> {
    const now = Date.now();
    const ids = await Promise.all(counts.map(async (k) => ({ id: await this.id(k, now), max: this.attempts[k.what] })));
    const allowed = ids.map(({ id, max }) => this.counts.take(id, now) <= max);
    await this.dueBy(now, this.counts.windowEnd(now));
    return allowed;
  }

  /** A proof-of-work challenge for a chat start from a client with these tiers of address (worker/start-gate.ts). */
  async startChallenge(tiers: TierPrefix[]): Promise<Issued> {
    const now = Date.now();
    const issued = await this.gate.issue(await this.gateTiers(tiers, now), now);
    await this.dueBy(now, now + DEMAND_WINDOW_MS);
    return issued;
  }

  /** Whether a chat start from a client with these tiers may go on, with the proof it carries; else why not. */
  async passStart(tiers: TierPrefix[], proof: Proof | undefined): Promise<ChallengeRefusal | null> {
    const now = Date.now();
    const refusal = await this.gate.pass(await this.gateTiers(tiers, now), proof, now);
    await this.dueBy(now, now + DEMAND_WINDOW_MS);
    return refusal;
  }

  /** Gives back attempts that `allow` took: for limits that count failures only, once it succeeded. */
  async refund(counts: readonly Count[]): Promise<void> {
    const now = Date.now();
    for (const id of await Promise.all(counts.map((k) => this.id(k, now)))) this.counts.refund(id, now);
    await this.dueBy(now);
  }

  /** Forgets what these keys used in this window: a sign-in that succeeded clears its own failures. */
  async forget(counts: readonly Count[]): Promise<void> {
    const now = Date.now();
    for (const id of await Promise.all(counts.map((k) => this.id(k, now)))) this.counts.forget(id);
    // Hashing may have made the day's key: the alarm must come by midnight to delete it.
    await this.dueBy(now);
  }

  /**
   * A visitor's network as a chat may remember it (a keyed hash under today's key, named by the key),
   * the same tag for every tier of its address (for the Desk's start window, which holds no key), and
   * when a block on its network at this helpline ends, or null.
   */
  async visitorNetwork(helpline: string, tiers: TierPrefix[]): Promise<{ tag: string; tiers: TierKey[]; blockedUntil: number | null }> {
    const now = Date.now();
    // The id and the hash from one key: the tag must name the key it was made with.
    const { id } = await this.dayKey.get(now);
    const tagged = await Promise.all(tiers.map(async ({ tier, prefix }) => ({ tier, key: `${id}.${await this.dayKey.mac(`block ${prefix}`, now)}` })));
    const tag = tagged.find((t) => t.tier === "network")?.key;
    if (tag === undefined) throw new TypeError("an address's tiers include its network (client-prefix.ts)");
    await this.dueBy(now);
    return { tag, tiers: tagged, blockedUntil: this.blocks.blockedUntil(helpline, tag, now) };
  }

  /**
   * Sets a block. A network tag made under an earlier key matches nothing now, so only the kept
   * chat (if any) is barred; false when nothing at all could be blocked.
   */
  async block(block: NewBlock): Promise<{ network: boolean } | null> {
    const now = Date.now();
    const { id } = await this.dayKey.get(now);
    const network = block.network?.startsWith(`${id}.`) === true ? block.network : null;
    if (network === null && block.keptChat === null) return null;
    this.blocks.add({ ...block, network });
    await this.dueBy(now, block.until);
    return { network: network !== null };
  }

  async activeBlocks(helpline: string): Promise<ActiveBlock[]> {
    return this.blocks.list(helpline, Date.now());
  }

  async liftBlock(helpline: string, id: string): Promise<{ keptChat: string | null } | null> {
    return this.blocks.lift(helpline, id, Date.now());
  }

  /** A ticket for one survey answer; it does not know which chat it is for. */
  async issueSurveyTicket(helpline: string): Promise<string> {
    const now = Date.now();
    const { ticket, expiresAt } = await this.surveyTickets.issue(helpline, now);
    await this.dueBy(now, expiresAt);
    return ticket;
  }

  /** The helpline a survey ticket counts for, once; null when it is unknown, spent or expired. */
  async spendSurveyTicket(ticket: string): Promise<string | null> {
    return this.surveyTickets.spend(ticket, Date.now());
  }

  /** Deletes what has expired and, once the day is over, the day's key with every row made under it. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.dayKey.expire(now);
    this.counts.prune(now);
    this.blocks.prune(now);
    this.gate.prune(now);
    this.surveyTickets.prune(now);
    await eraseIfDue(this.ctx.storage, now);
    const rows = [this.counts.nextExpiry(), this.blocks.nextEnd(), this.gate.nextExpiry(), this.surveyTickets.nextExpiry()].filter((d) => d !== null);
    // Rows at the next whole minute after the first expires (worker/prune-time.ts), the key at its
    // midnight, a booked rewrite when it is due.
    const due = [...(rows.length === 0 ? [] : [pruneAt(Math.min(...rows))]), this.dayKey.expiresAt(), erasureDue(this.ctx.storage.sql)].filter((d) => d !== null);
    const next = due.length === 0 ? null : Math.min(...due);
    this.alarmAt = next;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  /**
   * Makes sure the alarm comes by `expires`, when something stored then must go, and by the next
   * midnight, when the day's key (made or used by now) must go.
   */
  private async dueBy(now: number, expires = Number.POSITIVE_INFINITY): Promise<void> {
    const at = Math.min(pruneAt(expires), nextUtcMidnight(now));
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** The tiers as the gate knows them: each prefix hashed at once under the day's key. */
  private gateTiers(tiers: TierPrefix[], now: number): Promise<TierKey[]> {
    return Promise.all(tiers.map(async ({ tier, prefix }) => ({ tier, key: await this.dayKey.mac(prefix, now) })));
  }

  /** The client's row for one limit: the limit and the keyed hash of its key. */
  private async id(count: Count, now: number): Promise<string> {
    return `${count.what}:${await this.dayKey.mac(count.key, now)}`;
  }
}
