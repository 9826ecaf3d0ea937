/**
 * Failed sign-ins per login name, counted from every client together, in the Staff object's storage.
 * A name is kept only as an HMAC under a key in a table of its own: a guesser's typos, or a password
 * typed into the name field, are never stored as typed. The key is made with the first failure and
 * deleted with the last one's row, so once the failures have gone stale nothing left links a row (or a
 * copy of the database taken earlier, once its key is gone too) to a name without that key.
 */
const encoder = new TextEncoder();

/** Failures on one name older than this are forgotten; past the ceiling within it, the name is under strain. */
export const LOCK_MS = 15 * 60 * 1000;

export class NameFailures {
  constructor(private readonly sql: SqlStorage) {}

  /** How many failures the name has within LOCK_MS of each other, after forgetting stale ones. */
  async count(name: string, now: number): Promise<number> {
    this.forgetStale(now);
    const key = this.key();
    if (!key) return 0;
    return (
      this.sql.exec<{ failures: number }>("SELECT failures FROM name_failures WHERE name_mac = ?", await mac(key, name)).toArray()[0]
        ?.failures ?? 0
    );
  }

  async record(name: string, now: number): Promise<void> {
    let key: string;
    let hashed: string;
    // While the MAC is computed another request may forget the last stale row and the key with it: the
    // row is written only under the key still stored, in the same synchronous step as that check.
    do {
      this.sql.exec("INSERT OR IGNORE INTO name_failure_key (id, key) VALUES (1, ?)", randomKey());
      key = this.key() ?? "";
      hashed = await mac(key, name);
    } while (this.key() !== key);
    this.sql.exec(
      `INSERT INTO name_failures (name_mac, failures, last_failure_at) VALUES (?, 1, ?)
       ON CONFLICT (name_mac) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at`,
      hashed,
      now,
    );
  }

  /** A member who proved the name clears its count. */
  async clear(name: string): Promise<void> {
    const key = this.key();
    if (key) this.sql.exec("DELETE FROM name_failures WHERE name_mac = ?", await mac(key, name));
  }

  /** Deletes failures older than the lock, and the key once no failure needs it. */
  forgetStale(now: number): void {
    this.sql.exec("DELETE FROM name_failures WHERE last_failure_at < ?", now - LOCK_MS);
    if (this.sql.exec("SELECT 1 FROM name_failures LIMIT 1").toArray().length === 0) this.sql.exec("DELETE FROM name_failure_key");
  }

  private key(): string | null {
    return this.sql.exec<{ key: string }>("SELECT key FROM name_failure_key").toArray()[0]?.key ?? null;
  }
}

function randomKey(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}

async function mac(keyBase64: string, name: string): Promise<string> {
  const raw = Uint8Array.from(atob(keyBase64), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signed = await crypto.subtle.sign("HMAC", key, encoder.encode(name));
  return btoa(String.fromCharCode(...new Uint8Array(signed)));
}
