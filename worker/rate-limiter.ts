/**
 * RateLimiter: one Durable Object for the deployment that counts attempts per client, in memory only.
 * A client is known by an HMAC of its address under a key that is made fresh each UTC day and never
 * leaves this object's memory: the address itself is hashed at once and never kept, and yesterday's
 * hashes cannot be linked to today's. Eviction forgets everything, which only ever errs towards
 * letting a visitor in.
 */
import { DurableObject } from "cloudflare:workers";
import type { EnvConfig } from "../schema/config";
import { config } from "./config";

/** One limiter for the deployment: a client guessing codes is the same client on every helpline. */
export const RATE_LIMITER_OBJECT = "limits";

/** What is being limited, with how many attempts each client gets per window. */
export function attemptsPerWindow(settings: EnvConfig) {
  return {
    /** Trying resume codes (resume and delete by code): a person types theirs once or twice. */
    code: 10,
    /** Consent and withdrawal with a chat token. */
    token: 20,
    /** Reporting a view of the closed page: a person reloads it a few times, a script would inflate the count. */
    closedVisit: 10,
    /**
     * Failed staff sign-ins (login, first-run setup, confirming a second factor), across every login
     * name: the per-name lock-out does not stop one client trying one password on many names. Only
     * failures count, so a team behind one address can still all log in at the start of a shift.
     */
    signIn: 20,
    /** Starting chats: one client must not fill the queue. */
    start: settings.CHAT_STARTS_PER_WINDOW,
  };
}
export type Limited = keyof ReturnType<typeof attemptsPerWindow>;
export const WINDOW_MS = 10 * 60 * 1000;

export class RateLimiter extends DurableObject<Env> {
  private day = "";
  private key: Promise<CryptoKey> | null = null;
  private window = 0;
  private counts = new Map<string, number>();
  private readonly attempts = attemptsPerWindow(config(this.env));

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Counts one attempt; false when the client has used up its attempts in this window. */
  async allow(address: string, what: Limited): Promise<boolean> {
    const id = await this.id(address, what);
    const used = (this.counts.get(id) ?? 0) + 1;
    this.counts.set(id, used);
    return used <= this.attempts[what];
  }

  /** Gives back an attempt that `allow` took: for limits that count failures only, once it succeeded. */
  async refund(address: string, what: Limited): Promise<void> {
    const id = await this.id(address, what);
    const used = this.counts.get(id) ?? 0;
    if (used > 0) this.counts.set(id, used - 1);
  }

  /** The client's key for one limit in the current window (which starts empty). */
  private async id(address: string, what: Limited): Promise<string> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    return `${what}:${await this.hash(address, new Date(now).toISOString().slice(0, 10))}`;
  }

  private async hash(address: string, day: string): Promise<string> {
    if (day !== this.day || !this.key) {
      this.day = day;
      this.key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
    }
    const mac = await crypto.subtle.sign("HMAC", await this.key, new TextEncoder().encode(address));
    return btoa(String.fromCharCode(...new Uint8Array(mac)));
  }
}
