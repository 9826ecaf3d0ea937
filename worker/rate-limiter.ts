/**
 * RateLimiter: counts attempts per client, in memory only; a few of them share the deployment's keys
 * (worker/limiter-shards.ts), each key always counted by the same one.
 * A client is known by an HMAC of its address under a key that is made fresh each UTC day and never
 * leaves this object's memory: the address itself is hashed at once and never kept, and yesterday's
 * hashes cannot be linked to today's. Eviction forgets everything, which only ever errs towards
 * letting a visitor in.
 */
import { DurableObject } from "cloudflare:workers";
import type { EnvConfig } from "../schema/config";
import type { ActiveBlock } from "../schema/block";
import { BlockList, type NewBlock } from "./block-list";
import { config } from "./config";
import { randomToken } from "./crypto";
import { SurveyTickets } from "./survey-tickets";
import type { ChallengeRefusal } from "../schema/start-challenge";
import { type GateTier, type Issued, type Proof, StartGate } from "./start-gate";
import { TIER_SHARE, type TierPrefix } from "./client-prefix";


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
    startSite: settings.CHAT_STARTS_PER_WINDOW * TIER_SHARE.site,
    startBlock: settings.CHAT_STARTS_PER_WINDOW * TIER_SHARE.block,
  };
}
export type Limited = keyof ReturnType<typeof attemptsPerWindow>;
/** One attempt to count: of this kind, for this key (a client's network, a network and a name, or one key for all). */
export type Count = { what: Limited; key: string };
export const WINDOW_MS = 10 * 60 * 1000;

export class RateLimiter extends DurableObject<Env> {
  private day = "";
  private key: Promise<CryptoKey> | null = null;
  private window = 0;
  private counts = new Map<string, number>();
  private readonly attempts = attemptsPerWindow(config(this.env));
  /** Names the current key inside a network's tag, so a tag made under an earlier key is known as stale. */
  private keyId = "";
  private readonly blocks = new BlockList();
  private readonly surveyTickets = new SurveyTickets();
  private readonly gate = new StartGate({
    maxBits: config(this.env).START_WORK_MAX_BITS,
    // Half the ceiling one helpline takes in a minute, counted across the deployment: a flood, not an evening.
    floodPerMinute: Math.ceil(config(this.env).STARTS_PER_MINUTE / 2),
  });

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Counts one attempt on each count; for each, false when its key has used up its attempts in this window. */
  async allow(counts: readonly Count[]): Promise<boolean[]> {
    const ids = await Promise.all(counts.map(async (k) => ({ id: await this.id(k.key, k.what), max: this.attempts[k.what] })));
    return ids.map(({ id, max }) => {
      const used = (this.counts.get(id) ?? 0) + 1;
      this.counts.set(id, used);
      return used <= max;
    });
  }

  /** A proof-of-work challenge for a chat start from a client with these tiers of address (worker/start-gate.ts). */
  async startChallenge(tiers: TierPrefix[]): Promise<Issued> {
    return this.gate.issue(await this.gateTiers(tiers), Date.now());
  }

  /** Whether a chat start from a client with these tiers may go on, with the proof it carries; else why not. */
  async passStart(tiers: TierPrefix[], proof: Proof | undefined): Promise<ChallengeRefusal | null> {
    return this.gate.pass(await this.gateTiers(tiers), proof, Date.now());
  }

  /** Gives back attempts that `allow` took: for limits that count failures only, once it succeeded. */
  async refund(counts: readonly Count[]): Promise<void> {
    for (const id of await Promise.all(counts.map((k) => this.id(k.key, k.what)))) {
      const used = this.counts.get(id) ?? 0;
      if (used > 0) this.counts.set(id, used - 1);
    }
  }

  /** Forgets what these keys used in this window: a sign-in that succeeded clears its own failures. */
  async forget(counts: readonly Count[]): Promise<void> {
    for (const id of await Promise.all(counts.map((k) => this.id(k.key, k.what)))) this.counts.delete(id);
  }

  /**
   * A visitor's network as a chat may remember it (a keyed hash under today's key, named by the key),
   * and when a block on it at this helpline ends, or null.
   */
  async visitorNetwork(helpline: string, prefix: string): Promise<{ tag: string; blockedUntil: number | null }> {
    const now = Date.now();
    // Hashed first: the hash may change the key, and the tag must name the key it was made with.
    const mac = await this.hash(`block ${prefix}`, new Date(now).toISOString().slice(0, 10));
    const tag = `${this.keyId}.${mac}`;
    return { tag, blockedUntil: this.blocks.blockedUntil(helpline, tag, now) };
  }

  /**
   * Sets a block. A network tag made under an earlier key matches nothing now, so only the kept
   * chat (if any) is barred; false when nothing at all could be blocked.
   */
  async block(block: NewBlock): Promise<{ network: boolean } | null> {
    const current = this.keyId !== "" && block.network?.startsWith(`${this.keyId}.`) === true;
    const network = current ? block.network : null;
    if (network === null && block.keptChat === null) return null;
    this.blocks.add({ ...block, network });
    return { network: network !== null };
  }

  async activeBlocks(helpline: string): Promise<ActiveBlock[]> {
    return this.blocks.list(helpline, Date.now());
  }

  async liftBlock(helpline: string, id: string): Promise<{ keptChat: string | null } | null> {
    return this.blocks.lift(helpline, id);
  }

  /** A ticket for one survey answer; it does not know which chat it is for. */
  async issueSurveyTicket(helpline: string): Promise<string> {
    return this.surveyTickets.issue(helpline, Date.now());
  }

  /** The helpline a survey ticket counts for, once; null when it is unknown, spent or expired. */
  async spendSurveyTicket(ticket: string): Promise<string | null> {
    return this.surveyTickets.spend(ticket, Date.now());
  }

  /** The client's key for one limit in the current window (which starts empty). */
  private async id(key: string, what: Limited): Promise<string> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    return `${what}:${await this.networkHash(key)}`;
  }

  /** The tiers as the gate knows them: each prefix hashed at once. */
  private gateTiers(tiers: TierPrefix[]): Promise<GateTier[]> {
    return Promise.all(tiers.map(async ({ tier, prefix }) => ({ tier, key: await this.networkHash(prefix) })));
  }

  private networkHash(key: string): Promise<string> {
    return this.hash(key, new Date().toISOString().slice(0, 10));
  }

  private async hash(key: string, day: string): Promise<string> {
    if (day !== this.day || !this.key) {
      this.day = day;
      this.key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
      // Every network hash of the old key is meaningless now, and so is every block on one.
      this.keyId = randomToken(64);
      this.blocks.clear();
    }
    const mac = await crypto.subtle.sign("HMAC", await this.key, new TextEncoder().encode(key));
    return btoa(String.fromCharCode(...new Uint8Array(mac)));
  }
}
