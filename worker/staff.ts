/**
 * Staff: one Durable Object for all staff accounts, their password hashes, sessions and the audit
 * trail of what they did. It never holds conversation content.
 */
import { DurableObject } from "cloudflare:workers";
import type { SetupBody } from "../schema/http";
import type { Role, StaffMember } from "../schema/staff";
import { config } from "./config";
import { PBKDF2_ITERATIONS, pbkdf2Hex, randomSaltHex, randomToken, sha256Hex, timingSafeEqualText } from "./crypto";
import { migrate } from "./migrate";

const SCHEMA = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     login TEXT NOT NULL UNIQUE,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     password_salt TEXT NOT NULL,
     password_iterations INTEGER NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   )`,
  `CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   )`,
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     staff_id TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT
   )`,
] as const;

/** A session ends after this long regardless, and after this long without use. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 60 * 60 * 1000;
/** last_seen_at is written at most this often, so a busy console does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

type AccountRow = {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  password_salt: string;
  password_iterations: number;
  disabled: number;
};

export type AuditAction = "setup" | "login" | "logout" | "accept" | "settings";
export type LoginResult = { ok: true; token: string; staff: StaffMember } | { ok: false };
export type SetupResult = "created" | "already_set_up" | "bad_secret" | "no_secret_configured";

export class Staff extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql, SCHEMA));
  }

  /** True until the first account exists. */
  async needsSetup(): Promise<boolean> {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM accounts").one().n === 0;
  }

  /** First-run setup: creates the first admin, only with the deployment's one-time setup secret. */
  async setup(body: SetupBody): Promise<SetupResult> {
    const expected = config(this.env).SETUP_SECRET;
    if (!expected) return "no_secret_configured";
    if (!(await this.needsSetup())) return "already_set_up";
    if (!timingSafeEqualText(await sha256Hex(body.secret), await sha256Hex(expected))) return "bad_secret";
    const id = await this.createAccount(body.login, body.displayName, "admin", body.password);
    this.audit(id, "setup", null);
    return "created";
  }

  /** Checks a login and opens a session. Unknown logins cost the same time as wrong passwords. */
  async login(login: string, password: string): Promise<LoginResult> {
    const row = this.sql.exec<AccountRow>("SELECT * FROM accounts WHERE login = ?", login.trim().toLowerCase()).toArray()[0];
    const hash = await pbkdf2Hex(password, row?.password_salt ?? DUMMY_SALT, row?.password_iterations ?? PBKDF2_ITERATIONS);
    if (!row || row.disabled || !timingSafeEqualText(hash, row.password_hash)) return { ok: false };
    const token = randomToken();
    const now = Date.now();
    this.sql.exec(
      "INSERT INTO sessions (token_hash, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
      await sha256Hex(token),
      row.id,
      now,
      now,
    );
    this.audit(row.id, "login", null);
    return { ok: true, token, staff: member(row) };
  }

  /** The staff member behind a session token hash, or null when the session is unknown or expired. */
  async session(tokenHash: string): Promise<StaffMember | null> {
    const now = Date.now();
    const found = this.sql
      .exec<AccountRow & { created_at: number; last_seen_at: number }>(
        `SELECT a.*, s.created_at, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.staff_id
         WHERE s.token_hash = ?`,
        tokenHash,
      )
      .toArray()[0];
    if (!found) return null;
    if (found.disabled || now - found.created_at > SESSION_ABSOLUTE_MS || now - found.last_seen_at > SESSION_IDLE_MS) {
      this.sql.exec("DELETE FROM sessions WHERE token_hash = ?", tokenHash);
      return null;
    }
    if (now - found.last_seen_at > TOUCH_EVERY_MS) {
      this.sql.exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, tokenHash);
    }
    return member(found);
  }

  async logout(tokenHash: string): Promise<void> {
    const row = this.sql
      .exec<{ staff_id: string }>("DELETE FROM sessions WHERE token_hash = ? RETURNING staff_id", tokenHash)
      .toArray()[0];
    if (row) this.audit(row.staff_id, "logout", null);
  }

  /** Records a staff action: who, what, when, and at most an id; never content. */
  async record(staffId: string, action: AuditAction, target: string | null): Promise<void> {
    this.audit(staffId, action, target);
  }

  // ---- helpers ----

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private async createAccount(login: string, displayName: string, role: Role, password: string): Promise<string> {
    const id = crypto.randomUUID();
    const salt = randomSaltHex();
    this.sql.exec(
      `INSERT INTO accounts (id, login, display_name, role, password_hash, password_salt, password_iterations, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      login,
      displayName,
      role,
      await pbkdf2Hex(password, salt, PBKDF2_ITERATIONS),
      salt,
      PBKDF2_ITERATIONS,
      Date.now(),
    );
    return id;
  }

  private audit(staffId: string, action: AuditAction, target: string | null): void {
    this.sql.exec("INSERT INTO audit (at, staff_id, action, target) VALUES (?, ?, ?, ?)", Date.now(), staffId, action, target);
  }
}

/** Hashed against when a login is unknown, so the answer takes as long as for a known one. */
const DUMMY_SALT = "00000000000000000000000000000000";

function member(row: AccountRow): StaffMember {
  return { id: row.id, login: row.login, displayName: row.display_name, role: row.role };
}
