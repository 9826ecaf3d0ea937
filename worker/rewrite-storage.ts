/**
 * Erased means unreadable (privacy rule 9). A DELETE in SQLite only unlinks a row: its bytes stay in
 * the page's free space and in older frames of the write-ahead log until something happens to
 * overwrite them. workerd refuses `PRAGMA secure_delete` and `PRAGMA wal_checkpoint` (SQLITE_AUTH),
 * and `VACUUM` cannot run inside the transaction every statement runs in. What it does allow is `deleteAll()`, which deletes the database file and its log and
 * starts an empty one. So an object that erased part of what it holds rewrites itself: it reads every
 * row it keeps, deletes everything, and writes the rows back into the fresh file, in one synchronous
 * turn so that no other event sees the object in between, and committed with the deletion as one write.
 *
 * The objects here keep everything in SQL tables (none uses the key-value API, whose `_cf_KV` table
 * `deleteAll()` empties too). `deleteAll()` also deletes the alarm (at this compatibility date), so
 * the rewrite sets it again.
 */

type Table = { name: string; sql: string; columns: string[]; rows: SqlStorageValue[][] };

/** The object's own tables (not workerd's `_cf_…` ones), with their rows, in the order they were made. */
function snapshot(sql: SqlStorage): { tables: Table[]; indexes: string[] } {
  const tables: Table[] = [];
  const indexes: string[] = [];
  const entries = sql
    .exec<{ type: string; name: string; sql: string }>(
      String.raw`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '\_cf\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY rowid`,
    )
    .toArray();
  for (const entry of entries) {
    if (entry.type !== "table") {
      indexes.push(entry.sql);
      continue;
    }
    const cursor = sql.exec(`SELECT * FROM "${entry.name}"`);
    tables.push({ name: entry.name, sql: entry.sql, columns: cursor.columnNames, rows: [...cursor.raw()] });
  }
  return { tables, indexes };
}

/** Rewrites the object's database so that nothing it deleted remains in its files. */
export async function rewriteStorage(storage: DurableObjectStorage): Promise<void> {
  const alarm = await storage.getAlarm();
  const { tables, indexes } = snapshot(storage.sql);
  // Not awaited before the writes below: the file is reset at the call, and writes made in the same
  // turn are committed together with the reset, so a crash cannot leave the object empty.
  const deleted = storage.deleteAll();
  for (const table of tables) storage.sql.exec(table.sql);
  for (const index of indexes) storage.sql.exec(index);
  for (const table of tables) {
    if (table.rows.length === 0) continue;
    const insert = `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(", ")}) VALUES (${table.columns.map(() => "?").join(", ")})`;
    for (const row of table.rows) storage.sql.exec(insert, ...row);
  }
  const rescheduled = alarm === null ? null : storage.setAlarm(alarm);
  await deleted;
  await rescheduled;
}
