/**
 * What a Conversation stores only when its visitor chose to keep it: the consent record and the
 * optional personal details. Their tables are among the chat's migrations like every other, so a step
 * added to them reaches a chat kept long ago; a chat nobody asked to keep has them empty.
 */
import type { DetailsBody } from "../schema/details";

export type Consent = { given_at: number; text_version: string; resume_hash: string; keep_until: number };

/** IF NOT EXISTS: chats kept before these were migrations made them on the first consent. */
export const CONSENT_TABLES = [
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
  return (
    sql.exec<Consent>("SELECT given_at, text_version, resume_hash, keep_until FROM consent").toArray()[0] ?? null
  );
}

export function recordConsent(sql: SqlStorage, consent: Consent): void {
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
