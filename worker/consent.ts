/**
 * What a Conversation stores only when its visitor chose to keep it: the consent record and the
 * optional personal details. The tables are created on the first consent rather than by the
 * object's migrations, so a chat nobody asked to keep never even has them.
 */
import type { DetailsBody } from "../schema/details";

export type Consent = { given_at: number; text_version: string; resume_hash: string; keep_until: number };

const TABLES = [
  `CREATE TABLE IF NOT EXISTS consent (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     given_at INTEGER NOT NULL,
     text_version TEXT NOT NULL,
     resume_hash TEXT NOT NULL,
     keep_until INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS details (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     age_band TEXT,
     gender TEXT,
     region TEXT
   )`,
] as const;

export function readConsent(sql: SqlStorage): Consent | null {
  const exists = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'consent'").toArray().length > 0;
  if (!exists) return null;
  return (
    sql.exec<Consent>("SELECT given_at, text_version, resume_hash, keep_until FROM consent").toArray()[0] ?? null
  );
}

export function recordConsent(sql: SqlStorage, consent: Consent): void {
  for (const table of TABLES) sql.exec(table);
  sql.exec(
    "INSERT INTO consent (id, given_at, text_version, resume_hash, keep_until) VALUES (1, ?, ?, ?, ?)",
    consent.given_at,
    consent.text_version,
    consent.resume_hash,
    consent.keep_until,
  );
}

/** Saves the details a counsellor recorded; only called while consent is on. */
export function recordDetails(sql: SqlStorage, details: DetailsBody): void {
  sql.exec(
    `INSERT INTO details (id, age_band, gender, region) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET age_band = excluded.age_band, gender = excluded.gender, region = excluded.region`,
    details.ageBand,
    details.gender,
    details.region,
  );
}
