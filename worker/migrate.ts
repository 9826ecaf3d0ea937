/**
 * Schema migrations for an object's SQLite storage, tracked in a `_schema` table because
 * `PRAGMA user_version` is not available. Steps are append-only: never edit a shipped step.
 */
export function migrate(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM _schema").toArray()[0];
  const current = row?.version ?? 0;
  if (current >= steps.length) return;
  for (const step of steps.slice(current)) sql.exec(step);
  if (row) sql.exec("UPDATE _schema SET version = ?", steps.length);
  else sql.exec("INSERT INTO _schema (version) VALUES (?)", steps.length);
}

/**
 * Migrates storage only where it exists: for an object that makes its storage on demand (a chat, in
 * open()), so that waking one never creates tables, while one made long ago still gets every step
 * added since. Returns whether the object has storage.
 */
export function migrateExisting(sql: SqlStorage, steps: readonly string[]): boolean {
  const exists = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_schema'").toArray().length > 0;
  if (exists) migrate(sql, steps);
  return exists;
}
