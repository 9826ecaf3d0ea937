/**
 * Outreach: one Durable Object per helpline holding the invitation links outreach workers hand out.
 * A link's code is stored only as a hash. When a link expires, its row (and with it the id of the
 * worker who made it) is deleted by an alarm, so no link stays tied to a person.
 */
import { DurableObject } from "cloudflare:workers";
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
] as const;

type InviteRow = {
  id: string;
  channel: string;
  created_by: string;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked: number;
};

export class Outreach extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** Makes a link. The code is returned once and never stored in the clear. */
  async create(staffId: string, body: CreateInviteBody): Promise<{ invite: Invite; code: string }> {
    const code = randomToken(96);
    const id = randomToken(96);
    const expiresAt = Date.now() + body.expiresInHours * 60 * 60 * 1000;
    this.sql.exec(
      "INSERT INTO invites (id, code_hash, channel, created_by, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?)",
      id,
      await sha256Hex(code),
      body.channel,
      staffId,
      expiresAt,
      body.maxUses,
    );
    await this.scheduleCleanup();
    return { invite: toInvite(this.row(id) as InviteRow), code };
  }

  /** The links a staff member made, or every live link (for an admin). */
  async list(staffId: string | null): Promise<Invite[]> {
    const rows = staffId
      ? this.sql.exec<InviteRow>("SELECT * FROM invites WHERE created_by = ? ORDER BY expires_at", staffId)
      : this.sql.exec<InviteRow>("SELECT * FROM invites ORDER BY expires_at");
    return rows.toArray().map(toInvite);
  }

  /** Stops a link at once. Only its maker (or an admin, staffId null) may; false otherwise. */
  async revoke(id: string, staffId: string | null): Promise<boolean> {
    const row = this.row(id);
    if (!row || (staffId !== null && row.created_by !== staffId)) return false;
    this.sql.exec("UPDATE invites SET revoked = 1 WHERE id = ?", id);
    return true;
  }

  /** Whether a code would work now, without using it up (the landing page asks before a chat starts). */
  async check(code: string): Promise<string | null> {
    const row = this.usable(await sha256Hex(code));
    return row ? row.channel : null;
  }

  /** Uses a code to start a chat: the channel and inviting worker, or null if it no longer works. */
  async redeem(code: string): Promise<Redeemed | null> {
    const row = this.usable(await sha256Hex(code));
    if (!row) return null;
    this.sql.exec("UPDATE invites SET uses = uses + 1 WHERE id = ?", row.id);
    return { channel: row.channel, invitedBy: row.created_by };
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
