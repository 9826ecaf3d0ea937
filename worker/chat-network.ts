/**
 * What a chat remembers for blocking its visitor: the keyed hash of the network that started (or
 * resumed) it, never the address, for the chat's own life only (cleared when a kept chat is parked,
 * gone with the chat otherwise); and, for a kept chat, until when its resume is barred.
 */

export const CHAT_NETWORK_TABLE = `CREATE TABLE network (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tag TEXT,
  resume_blocked_until INTEGER
)`;

export function rememberNetwork(sql: SqlStorage, tag: string | null): void {
  sql.exec(
    `INSERT INTO network (id, tag) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tag = excluded.tag`,
    tag,
  );
}

export function networkTag(sql: SqlStorage): string | null {
  return sql.exec<{ tag: string | null }>("SELECT tag FROM network").toArray()[0]?.tag ?? null;
}

/** The chat went quiet (parked): the hash is of no use until a resume brings a fresh one. */
export function forgetNetwork(sql: SqlStorage): void {
  sql.exec("UPDATE network SET tag = NULL");
}

export function barResume(sql: SqlStorage, until: number): void {
  sql.exec(
    `INSERT INTO network (id, resume_blocked_until) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET resume_blocked_until = excluded.resume_blocked_until`,
    until,
  );
}

/** When the bar on resuming ends, or null when none holds (an ended one is cleared here). */
export function resumeBarredUntil(sql: SqlStorage, now: number): number | null {
  const until = sql.exec<{ until: number | null }>("SELECT resume_blocked_until AS until FROM network").toArray()[0]?.until ?? null;
  if (until !== null && until <= now) liftResumeBar(sql);
  return until !== null && until > now ? until : null;
}

export function liftResumeBar(sql: SqlStorage): void {
  sql.exec("UPDATE network SET resume_blocked_until = NULL");
}
