/**
 * Outreach: one Durable Object for the deployment holding the invitation links outreach workers hand
 * out, each for its helpline. One object, because a link's path must not say which helpline it is for.
 * A link's code is stored only as a hash. When a link expires, its row (and with it the id of the
 * worker who made it) is deleted by an alarm, so no link stays tied to a person.
 */
import { JurisdictionObject } from "./jurisdiction";
import type { CreateInviteBody, Invite, Redeemed } from "../schema/outreach";
import { randomToken, sha256Hex } from "./crypto";
import { migrate } from "./migrate";

const SCHEMA = [
  `CREATE TABLE invites (
     id TEXT PRIMARY KEY,
     code_hash TEXT NOT NULL UNIQUE,
     channel TEXT NOT NULL,
     created_by TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     max_uses INTEGER,
     uses INTEGER NOT NULL DEFAULT 0,
     revoked INTEGER NOT NULL DEFAULT 0
   )`,
  `ALTER TABLE invites ADD COLUMN helpline TEXT NOT NULL DEFAULT ''`,
] as const;

/** The name of the one Outreach object. */
export const OUTREACH_OBJECT = "outreach";

type InviteRow = {
  id: string;
  channel: string;
  created_by: string;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked: number;
  helpline: string;
};

export class Outreach extends JurisdictionObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Makes a link. The code is returned once and never stored in the clear. */
  async create(helpline: string, staffId: string, body: CreateInviteBody): Promise<{ invite: Invite; code: string }> {
    const code = randomToken(96);
    const id = randomToken(96);
    const expiresAt = Date.now() + body.expiresInHours * 60 * 60 * 1000;
    this.sql.exec(
      "INSERT INTO invites (id, code_hash, channel, created_by, expires_at, max_uses, helpline) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id,
      await sha256Hex(code),
      body.channel,
      staffId,
      expiresAt,
      body.maxUses,
      helpline,
    );
    await this.scheduleCleanup();
    return { invite: toInvite(this.row(id) as InviteRow), code };
  }

  /** A helpline's links that a staff member made, or all of them (for an admin, staffId null). */
  async list(helpline: string, staffId: string | null): Promise<Invite[]> {
    const rows = staffId
      ? this.sql.exec<InviteRow>("SELECT * FROM invites WHERE helpline = ? AND created_by = ? ORDER BY expires_at", helpline, staffId)
      : this.sql.exec<InviteRow>("SELECT * FROM invites WHERE helpline = ? ORDER BY expires_at", helpline);
    return rows.toArray().map(toInvite);
  }

  /** Stops a link at once. Only its maker (or an admin, staffId null) may; false otherwise. */
  async revoke(id: string, helpline: string, staffId: string | null): Promise<boolean> {
    const row = this.row(id);
    if (!row || row.helpline !== helpline || (staffId !== null && row.created_by !== staffId)) return false;
    this.sql.exec("UPDATE invites SET revoked = 1 WHERE id = ?", id);
    return true;
  }

  /** Whether a code would work now, without using it up (the landing page asks before a chat starts). */
  async check(code: string): Promise<{ channel: string; helpline: string } | null> {
    const row = this.usable(await sha256Hex(code));
    return row ? { channel: row.channel, helpline: row.helpline } : null;
  }

  /** Uses a code to start a chat: the channel and inviting worker, or null if it no longer works. */
  async redeem(code: string): Promise<Redeemed | null> {
    const row = this.usable(await sha256Hex(code));
    if (!row) return null;
    this.sql.exec("UPDATE invites SET uses = uses + 1 WHERE id = ?", row.id);
    return { channel: row.channel, invitedBy: row.created_by, helpline: row.helpline };
  }

  /** Deletes every expired link; alarms may repeat, which does no harm. */
  override async alarm(): Promise<void> {
    this.sql.exec("DELETE FROM invites WHERE expires_at <= ?", Date.now());
    await this.scheduleCleanup();
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private row(id: string): InviteRow | undefined {
    return this.sql.exec<InviteRow>("SELECT * FROM invites WHERE id = ?", id).toArray()[0];
  }

  private usable(codeHash: string): InviteRow | undefined {
    const row = this.sql.exec<InviteRow>("SELECT * FROM invites WHERE code_hash = ?", codeHash).toArray()[0];
    if (!row || row.revoked || row.expires_at <= Date.now()) return undefined;
    if (row.max_uses !== null && row.uses >= row.max_uses) return undefined;
    return row;
  }

  private async scheduleCleanup(): Promise<void> {
    const next = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM invites").one().at;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}

function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    channel: row.channel,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    uses: row.uses,
    revoked: row.revoked === 1,
  };
}
