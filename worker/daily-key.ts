/**
 * The day's key under which an object hashes client networks (privacy rule 1). It is kept in the
 * object's own storage (raw bytes, with its UTC day and a random id), so a hash made before the object
 * went idle or was evicted still matches after: a block, a limit or a count holds for its time. It is
 * read once per wake and cached. At the next UTC midnight it is deleted, and with it every row the
 * object made under it (`retire`), by the object's alarm or, if that is late, by the first use on the
 * new day; from then on nothing stored can be linked to an address.
 */
import { base64url, randomToken } from "./crypto";
import { nextUtcMidnight, utcDay } from "../schema/day-key";

export const DAILY_KEY_SCHEMA = [
  `CREATE TABLE day_key (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     day TEXT NOT NULL,
     key_id TEXT NOT NULL,
     raw BLOB NOT NULL
   )`,
] as const;


export type DayKey = { id: string; key: CryptoKey };

export class DailyKey {
  private cached: { day: string; key: Promise<DayKey> } | null = null;

  /** `retire`: deletes every row made under the key being dropped (in the same synchronous step). */
  constructor(
    private readonly sql: SqlStorage,
    private readonly retire: () => void,
  ) {}

  /** Today's key: the stored one, or a new one (retiring yesterday's and its rows). */
  get(now: number): Promise<DayKey> {
    const day = utcDay(now);
    if (this.cached?.day !== day) this.cached = { day, key: this.load(day) };
    return this.cached.key;
  }

  /** Drops a key of an earlier day and every row under it; whether one was dropped. */
  expire(now: number): boolean {
    const stored = this.stored();
    if (!stored || stored.day >= utcDay(now)) return false;
    this.drop();
    return true;
  }

  /** When the stored key must go (the next midnight after its day began), or null when there is none. */
  expiresAt(): number | null {
    const stored = this.stored();
    return stored ? nextUtcMidnight(Date.parse(stored.day)) : null;
  }

  /** Signs `text` under today's key: the keyed hash, base64url. */
  async mac(text: string, now: number): Promise<string> {
    const { key } = await this.get(now);
    return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))));
  }

  /** Synchronous up to the import, so two calls on one wake cannot each make a key. */
  private load(day: string): Promise<DayKey> {
    const stored = this.stored();
    if (stored?.day === day) return importKey(stored.key_id, stored.raw);
    if (stored) this.drop();
    const raw = crypto.getRandomValues(new Uint8Array(32));
    // Names the key inside a tag, so a tag made under an earlier key is known as stale.
    const id = randomToken(64);
    this.sql.exec("INSERT INTO day_key (id, day, key_id, raw) VALUES (1, ?, ?, ?)", day, id, raw.buffer);
    return importKey(id, raw.buffer);
  }

  private drop(): void {
    this.sql.exec("DELETE FROM day_key");
    this.retire();
    this.cached = null;
  }

  private stored(): { day: string; key_id: string; raw: ArrayBuffer } | undefined {
    return this.sql.exec<{ day: string; key_id: string; raw: ArrayBuffer }>("SELECT day, key_id, raw FROM day_key").toArray()[0];
  }
}

async function importKey(id: string, raw: ArrayBuffer): Promise<DayKey> {
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return { id, key };
}
