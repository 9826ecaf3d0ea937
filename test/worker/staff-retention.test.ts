/** The Staff object's daily alarm: old audit entries, ended sessions and stale login failures go. */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AUDIT_RETENTION_DAYS } from "../../schema/admin";
import { LOCK_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SWEEP_EVERY_MS } from "../../worker/staff";
import { loginAdmin } from "./helpers";

const DAY_MS = 24 * 60 * 60 * 1000;
const staff = () => env.STAFF.getByName("staff");

describe("the Staff object's retention sweep", () => {
  it("deletes audit entries past retention, ended sessions and stale login failures, keeps the rest, and re-arms", async () => {
    await loginAdmin();
    const now = Date.now();
    await runInDurableObject(staff(), (_obj, state) => {
      const sql = state.storage.sql;
      const audit = (at: number, action: string) => sql.exec("INSERT INTO audit (at, staff_id, action, target) VALUES (?, 'someone', ?, NULL)", at, action);
      audit(now - (AUDIT_RETENTION_DAYS + 1) * DAY_MS, "expired_entry");
      audit(now - (AUDIT_RETENTION_DAYS - 1) * DAY_MS, "kept_entry");
      const session = (hash: string, created: number, seen: number) =>
        sql.exec("INSERT INTO sessions (token_hash, staff_id, created_at, last_seen_at) VALUES (?, 'someone', ?, ?)", hash, created, seen);
      session("too-old", now - SESSION_ABSOLUTE_MS - 1000, now - 1000);
      session("too-idle", now - 2 * SESSION_IDLE_MS, now - SESSION_IDLE_MS - 1000);
      session("live", now - SESSION_IDLE_MS, now - 1000);
      const failure = (mac: string, at: number) => sql.exec("INSERT INTO name_failures (name_mac, failures, last_failure_at) VALUES (?, 3, ?)", mac, at);
      sql.exec("INSERT INTO name_failure_key (id, key) VALUES (1, 'a-key')");
      failure("stale-mac", now - LOCK_MS - 1000);
      failure("recent-mac", now - 1000);
    });

    expect(await runDurableObjectAlarm(staff())).toBe(true);

    const left = await runInDurableObject(staff(), async (_obj, state) => {
      const sql = state.storage.sql;
      const col = (query: string) => sql.exec<{ v: string }>(query).toArray().map((r) => r.v);
      return {
        audit: col("SELECT action AS v FROM audit WHERE staff_id = 'someone'"),
        sessions: col("SELECT token_hash AS v FROM sessions WHERE staff_id = 'someone'"),
        failures: col("SELECT name_mac AS v FROM name_failures"),
        // The key stays while a failure needs it (lockout.test.ts: it goes with the last one).
        keys: col("SELECT key AS v FROM name_failure_key"),
        alarm: await state.storage.getAlarm(),
      };
    });
    expect(left.audit).toEqual(["kept_entry"]);
    expect(left.sessions).toEqual(["live"]);
    expect(left.failures).toEqual(["recent-mac"]);
    expect(left.keys).toEqual(["a-key"]);
    // The next sweep is a day away.
    expect(left.alarm).toBeGreaterThan(now + SWEEP_EVERY_MS - 60_000);
  });
});
