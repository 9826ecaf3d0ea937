/**
 * Handoffs: one Durable Object per helpline holding the warm handoffs its visitors agreed to, each
 * exactly what the visitor read (the partner, the summary) with the proof of consent. It is what is
 * left of a chat once the chat is erased, and it goes by its own alarm after HANDOFF_RETENTION_DAYS,
 * or at once when the visitor withdraws it with the code. The code is stored only as a hash: staff
 * find a handoff by the code the visitor or the partner reads out, never by browsing. Each delete
 * rewrites the object's files (rewrite-storage.ts), so a withdrawn summary is gone from them too.
 */
import { JurisdictionObject } from "./jurisdiction";
import { HANDOFF_CODE_CHARS, HANDOFF_RETENTION_DAYS } from "../schema/handoff-text";
import { migrate } from "./migrate";
import { rewriteStorage } from "./rewrite-storage";
import { handoffCodeHash, newCode } from "./resume-code";

const SCHEMA = [
  `CREATE TABLE handoffs (
     code_hash TEXT PRIMARY KEY,
     partner_id TEXT NOT NULL,
     summary TEXT NOT NULL,
     consented_at INTEGER NOT NULL,
     text_version TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   )`,
] as const;

const DAY_MS = 86_400_000;

export type AgreedHandoff = { partnerId: string; summary: string; textVersion: string };
export type StoredHandoff = { partnerId: string; summary: string; consentedAt: number; textVersion: string; expiresAt: number };

type Row = { partner_id: string; summary: string; consented_at: number; text_version: string; expires_at: number };

export class Handoffs extends JurisdictionObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Keeps what the visitor just agreed to. The code is returned once and never stored in the clear. */
  async store(agreed: AgreedHandoff): Promise<{ code: string; expiresAt: number }> {
    const code = newCode(HANDOFF_CODE_CHARS);
    const now = Date.now();
    const expiresAt = now + HANDOFF_RETENTION_DAYS * DAY_MS;
    this.sql.exec(
      "INSERT INTO handoffs (code_hash, partner_id, summary, consented_at, text_version, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      await handoffCodeHash(code),
      agreed.partnerId,
      agreed.summary,
      now,
      agreed.textVersion,
      expiresAt,
    );
    await this.scheduleCleanup();
    return { code, expiresAt };
  }

  /** The handoff a code names, while it lasts. */
  async find(codeHash: string): Promise<StoredHandoff | null> {
    const row = this.sql
      .exec<Row>("SELECT partner_id, summary, consented_at, text_version, expires_at FROM handoffs WHERE code_hash = ? AND expires_at > ?", codeHash, Date.now())
      .toArray()[0];
    return row
      ? { partnerId: row.partner_id, summary: row.summary, consentedAt: row.consented_at, textVersion: row.text_version, expiresAt: row.expires_at }
      : null;
  }

  /** The visitor withdraws the handoff with its code: it is deleted at once. False when there is none. */
  async withdraw(codeHash: string): Promise<boolean> {
    const deleted = this.sql.exec("DELETE FROM handoffs WHERE code_hash = ?", codeHash).rowsWritten;
    await this.erased(deleted);
    await this.scheduleCleanup();
    return deleted > 0;
  }

  /** Deletes every handoff past its time; alarms may repeat, which does no harm. */
  override async alarm(): Promise<void> {
    await this.erased(this.sql.exec("DELETE FROM handoffs WHERE expires_at <= ?", Date.now()).rowsWritten);
    await this.scheduleCleanup();
  }

  /** Handoffs end seldom, so every delete rewrites the files at once. */
  private async erased(rows: number): Promise<void> {
    if (rows > 0) await rewriteStorage(this.ctx.storage);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private async scheduleCleanup(): Promise<void> {
    const next = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM handoffs").one().at;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}
