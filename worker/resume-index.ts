/**
 * ResumeIndex: one Durable Object for the deployment that finds a kept conversation from its resume
 * code, whichever helpline's page the code is typed on (the conversation knows its own helpline).
 * It holds only the SHA-256 of each code, the conversation's random id and when it expires; the
 * conversation itself checks the code again before it lets anyone in. An alarm drops expired rows
 * in case a conversation's own deletion could not reach this object. Each delete rewrites the object's
 * files (rewrite-storage.ts), so a forgotten id is gone from them, not only from the table.
 */
import { JurisdictionObject } from "./jurisdiction";
import { migrate } from "./migrate";
import { rewriteStorage } from "./rewrite-storage";

/** The name of the one ResumeIndex object. */
export const RESUME_INDEX_OBJECT = "resume";

const SCHEMA = [
  `CREATE TABLE codes (
     code_hash TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL UNIQUE,
     keep_until INTEGER NOT NULL
   )`,
] as const;

export class ResumeIndex extends JurisdictionObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Registers a kept conversation's code (one code per conversation). */
  async add(codeHash: string, conversationId: string, keepUntil: number): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO codes (code_hash, conversation_id, keep_until) VALUES (?, ?, ?)",
      codeHash,
      conversationId,
      keepUntil,
    );
    await this.scheduleAlarm();
  }

  /** The conversation a code belongs to, or null for an unknown or expired code. */
  async find(codeHash: string): Promise<string | null> {
    const row = this.ctx.storage.sql
      .exec<{ conversation_id: string }>("SELECT conversation_id FROM codes WHERE code_hash = ? AND keep_until > ?", codeHash, Date.now())
      .toArray()[0];
    return row?.conversation_id ?? null;
  }

  /** The conversation was deleted: its code leads nowhere any more. */
  async forget(conversationId: string): Promise<void> {
    await this.erased(this.ctx.storage.sql.exec("DELETE FROM codes WHERE conversation_id = ?", conversationId).rowsWritten);
    await this.scheduleAlarm();
  }

  override async alarm(): Promise<void> {
    await this.erased(this.ctx.storage.sql.exec("DELETE FROM codes WHERE keep_until <= ?", Date.now()).rowsWritten);
    await this.scheduleAlarm();
  }

  /** Kept chats end seldom (one code each), so every delete rewrites the files at once. */
  private async erased(rows: number): Promise<void> {
    if (rows > 0) await rewriteStorage(this.ctx.storage);
  }

  private async scheduleAlarm(): Promise<void> {
    const next = this.ctx.storage.sql.exec<{ at: number | null }>("SELECT min(keep_until) AS at FROM codes").one().at;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}
