/**
 * The rewrite that makes deleted rows unreadable (worker/rewrite-storage.ts) keeps everything else as
 * it was: every table as made and altered, every index, every row and value type, the object's alarm,
 * and its migrations' version, so the object carries on where it was.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ERASE_WITHIN_MS, erasureDue } from "../../worker/erasure-due";
import { rewriteStorage } from "../../worker/rewrite-storage";
import { OWN_TABLES_SQL } from "./helpers";

/** Everything an object's SQL holds that a rewrite must keep: the schema and every row. */
function contents(sql: SqlStorage) {
  const schema = sql.exec(String.raw`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\_cf\_%' ESCAPE '\' ORDER BY name`).toArray();
  const tables = sql.exec<{ name: string }>(OWN_TABLES_SQL).toArray();
  const rows = Object.fromEntries(tables.map(({ name }) => [name, [...sql.exec(`SELECT * FROM "${name}" ORDER BY rowid`).raw()]]));
  return { schema, rows };
}

describe("rewriting an object's storage", () => {
  it("keeps every table, index, row and value, and the alarm", async () => {
    const stub = env.HANDOFFS.getByName(`rewrite-${crypto.randomUUID()}`);
    const { code } = await stub.store({ partnerId: "csg", summary: "kept summary", textVersion: "v" });
    expect(code).not.toBe("");
    await runInDurableObject(stub, async (_object, state) => {
      const sql = state.storage.sql;
      sql.exec("CREATE TABLE extra (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, n REAL)");
      sql.exec("ALTER TABLE extra ADD COLUMN data BLOB");
      sql.exec("CREATE INDEX extra_n ON extra (n)");
      sql.exec("INSERT INTO extra (id, label, n, data) VALUES (7, 'a', 1.5, ?), (9, 'b', NULL, NULL)", new Uint8Array([0, 1, 255]).buffer);
      sql.exec("INSERT INTO extra (label) VALUES ('gone')");
      sql.exec("DELETE FROM extra WHERE label = 'gone'");
      const alarm = await state.storage.getAlarm();
      expect(alarm).not.toBeNull();
      const before = contents(sql);

      await rewriteStorage(state.storage);

      expect(contents(sql)).toEqual(before);
      expect(await state.storage.getAlarm()).toBe(alarm);
      // Constraints came back with the tables: the unique label still holds.
      expect(() => sql.exec("INSERT INTO extra (label) VALUES ('a')")).toThrow(/UNIQUE/);
    });
    // The object carries on: its migrations do not run again, and the kept handoff is found.
    const found = await runInDurableObject(stub, (_object, state) => state.storage.sql.exec("SELECT summary FROM handoffs").toArray());
    expect(found).toEqual([{ summary: "kept summary" }]);
  });

  it("leaves an object that held nothing still empty", async () => {
    const stub = env.HANDOFFS.getByName(`rewrite-empty-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (_object, state) => {
      const before = contents(state.storage.sql);
      await rewriteStorage(state.storage);
      expect(contents(state.storage.sql)).toEqual(before);
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });
});

describe("the Desk's booked rewrite", () => {
  it("is booked in storage when a chat is forgotten, waits for its time, and is made by the alarm", async () => {
    const stub = env.DESK.getByName(`erasure-${crypto.randomUUID()}`);
    const insert = (id: string) =>
      runInDurableObject(stub, (_obj, state) =>
        void state.storage.sql.exec("INSERT INTO chats (conversation_id, state, enqueued_at, language) VALUES (?, 'waiting', ?, 'nl')", id, Date.now()),
      );
    const state = () =>
      runInDurableObject(stub, async (_obj, s) => ({
        due: erasureDue(s.storage.sql),
        chats: s.storage.sql.exec<{ id: string }>("SELECT conversation_id AS id FROM chats").toArray().map((r) => r.id),
        alarm: await s.storage.getAlarm(),
      }));
    await stub.release("unknown");
    // Nothing was forgotten, so nothing is owed.
    expect((await state()).due).toBeNull();

    await insert("ended-chat");
    await insert("open-chat");
    const before = Date.now();
    await stub.release("ended-chat");
    const booked = await state();
    expect(booked.due).toBeGreaterThanOrEqual(before + ERASE_WITHIN_MS);
    expect(booked.due).toBeLessThanOrEqual(Date.now() + ERASE_WITHIN_MS);
    expect(booked.alarm).toBe(booked.due);
    expect(booked.chats).toEqual(["open-chat"]);

    // A second chat ending does not push the booking back.
    await insert("another");
    await stub.release("another");
    expect((await state()).due).toBe(booked.due);

    // Before its time the alarm leaves it booked.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await state()).due).toBe(booked.due);

    // Due: the alarm rewrites, keeps the open chat, and owes nothing more.
    await runInDurableObject(stub, (_obj, s) => void s.storage.sql.exec("UPDATE erasure_due SET at = ?", Date.now() - 1));
    await runInDurableObject(stub, (_obj, s) => s.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const made = await state();
    expect(made.due).toBeNull();
    expect(made.chats).toEqual(["open-chat"]);
    expect(made.alarm === null || made.alarm > Date.now()).toBe(true);
  });
});
