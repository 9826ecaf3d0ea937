/**
 * Lock-out under guessing: what keeps a member without a second factor out for a while can never keep
 * out a member with one, whichever counts the guessers filled; and what is stored about the guesses
 * never holds what they typed.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { limiterName } from "../../worker/limiter-shards";
import { NameFailures } from "../../worker/name-failures";
import { WINDOW_MS } from "../../worker/rate-limiter";
import { LOCK_MS, NAME_FAILURE_CEILING } from "../../worker/staff";
import { OWN_TABLES_SQL, PASSWORD, request } from "./helpers";
import { enrolFactor, staffer } from "./staff-helpers";

const WRONG = "this is not the right password";
const staff = () => env.STAFF.getByName("staff");

async function tryLogin(login: string, password: string, address: string, code?: string) {
  const res = await request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify({ login, password, ...(code ? { code } : {}) }),
  });
  return { status: res.status, body: await res.json<{ error: string; message: string }>() };
}

let networks = 0;
/** Addresses no other test in this file uses. */
function network(): string {
  networks++;
  return `10.77.${networks >> 8}.${networks & 255}`;
}

/**
 * The per-client counts live in the RateLimiter's 10-minute window: a test that fills them runs within
 * one window, so it cannot pass or fail by where in the window the clock happens to be.
 */
async function withinOneWindow(): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 25_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** Makes failures on every name older than the lock, as 16 minutes of waiting would. */
function ageFailures(): Promise<void> {
  return runInDurableObject(staff(), (_obj, state) => {
    state.storage.sql.exec("UPDATE name_failures SET last_failure_at = last_failure_at - ?", LOCK_MS + 60_000);
  });
}

describe("30 wrong guesses on one name from 6 networks", () => {
  it("lock a member without a second factor out for 15 minutes, never one with a password and a code, even on a guessing network", { timeout: 60_000 }, async () => {
    await withinOneWindow();
    const guarded = await staffer("counsellor");
    const { code } = await enrolFactor(guarded.cookie);
    const plain = await staffer("counsellor");
    const guessers = Array.from({ length: 6 }, network);
    // Five each from six networks: no network passes its own count on a name, both names reach the ceiling.
    for (let i = 0; i < NAME_FAILURE_CEILING; i++) {
      expect((await tryLogin(guarded.login, WRONG, guessers[i % 6] ?? "")).status).toBe(401);
      expect((await tryLogin(plain.login, WRONG, guessers[i % 6] ?? "")).status).toBe(401);
    }

    // The member without a factor is kept out, from anywhere, and told plainly what would have let them in.
    const locked = await tryLogin(plain.login, PASSWORD, network());
    expect(locked).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    expect(locked.body.message).toMatch(/15 minutes/);
    expect(locked.body.message).toMatch(/set up a second factor/);

    // The member with one shares a guessing network (an office, a carrier's NAT): the password alone is
    // refused there, the password with a code gets in there all the same.
    const shared = guessers[0] ?? "";
    expect((await tryLogin(guarded.login, PASSWORD, shared)).status).toBe(429);
    expect((await tryLogin(guarded.login, PASSWORD, shared, await code(1))).status).toBe(200);

    // Fifteen minutes after the last guess the member without a factor gets in again.
    await ageFailures();
    expect((await tryLogin(plain.login, PASSWORD, network())).status).toBe(200);
  });
});

describe("200 failed sign-ins anywhere", () => {
  it("lock out every member without a second factor; a member with a password and a code still gets in, whatever their own network's count", { timeout: 60_000 }, async () => {
    await withinOneWindow();
    const guarded = await staffer("counsellor");
    const { code } = await enrolFactor(guarded.cookie);
    const plain = await staffer("counsellor");
    // The member's own network has used up its count on their name: five typos, or a guesser behind the same address.
    const office = network();
    for (let i = 0; i < 5; i++) expect((await tryLogin(guarded.login, WRONG, office)).status).toBe(401);

    // The deployment's count is filled straight in the limiter (hashing 200 guesses would take the test's time).
    const all = [{ what: "signInAll", key: "all" }] as const;
    const limiter = env.RATE_LIMITER.getByName(limiterName(all[0]));
    let counted = 0;
    while ((await limiter.allow(all))[0]) counted++;
    counted++;
    try {
      expect(await tryLogin(plain.login, PASSWORD, network())).toMatchObject({ status: 429, body: { error: "rate_limited" } });
      expect((await tryLogin(guarded.login, PASSWORD, network())).status).toBe(429);
      expect((await tryLogin(guarded.login, PASSWORD, office)).status).toBe(429);
      expect((await tryLogin(guarded.login, PASSWORD, office, await code(1))).status).toBe(200);
    } finally {
      // Every attempt above took one from the deployment's count too; give back all this test took.
      for (let i = 0; i < counted + 4; i++) await limiter.refund(all);
    }
  });
});

describe("failed login names", () => {
  it("are stored only as keyed hashes: a password typed into the name field is nowhere in the Staff object", async () => {
    const s = await staffer("counsellor");
    const typed = `my secret passphrase ${crypto.randomUUID()}`.slice(0, 60);
    expect((await tryLogin(typed, WRONG, network())).status).toBe(401);
    expect((await tryLogin(s.login, WRONG, network())).status).toBe(401);

    const stored = await runInDurableObject(staff(), (_obj, state) => {
      const sql = state.storage.sql;
      const tables = sql.exec<{ name: string }>(OWN_TABLES_SQL).toArray();
      return JSON.stringify(tables.map(({ name }) => sql.exec(`SELECT * FROM "${name}"`).toArray()));
    });
    expect(stored).not.toContain(typed);
    expect(stored).not.toContain(typed.replaceAll(" ", ""));
    // The account's own name is in its account row, and once only: not again as a failure.
    expect(stored.split(`"${s.login}"`)).toHaveLength(2);

    // Still counted, under the key in its own table; once the failures are stale, rows and key both go.
    const counts = () =>
      runInDurableObject(staff(), async (_obj, state) => {
        const failures = new NameFailures(state.storage.sql);
        const keys = state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM name_failure_key").one().n;
        return { typed: await failures.count(typed, Date.now()), known: await failures.count(s.login, Date.now()), keys };
      });
    expect(await counts()).toEqual({ typed: 1, known: 1, keys: 1 });
    await ageFailures();
    await runDurableObjectAlarm(staff());
    const left = await runInDurableObject(staff(), (_obj, state) => ({
      rows: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM name_failures").one().n,
      keys: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM name_failure_key").one().n,
    }));
    expect(left).toEqual({ rows: 0, keys: 0 });
  });
});
