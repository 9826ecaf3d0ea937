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
