/**
 * Staff: one Durable Object for all staff accounts, their password hashes, sessions and the audit
 * trail of what they did. It never holds conversation content.
 */
import { JurisdictionObject } from "./jurisdiction";
import { AUDIT_RETENTION_DAYS, type Account, type AccountAction, type AuditAction, type AuditEntry, type CreateAccountBody, type FactorRoles, type HelplineAction, Memberships } from "../schema/admin";
import type { SetupBody } from "../schema/http";
import type { Role, SecondFactorState, StaffMember } from "../schema/staff";
import { config } from "./config";
import { PBKDF2_ITERATIONS, pbkdf2Hex, randomSaltHex, randomToken, sha256Hex, timingSafeEqualText } from "./crypto";
import { migrate } from "./migrate";
import { rewriteStorage } from "./rewrite-storage";
import { LOCK_MS, NameFailures } from "./name-failures";
import { SecondFactorRoles } from "./second-factor-roles";
import { newTotpSecret, verifyTotp } from "./totp";

/**
 * The helpline a member's action happened in (null for what concerns an account), so each helpline's
 * admins see only their own. Earlier entries named it as their target, where they named it at all.
 * Steps of the Staff object's migrations (exported for their test).
 */
export const AUDIT_HELPLINE_STEPS = [
  `ALTER TABLE audit ADD COLUMN helpline TEXT`,
  `UPDATE audit SET helpline = target, target = NULL
     WHERE action IN ('settings_changed', 'time_zone_changed', 'dashboard_viewed', 'visitor_blocked', 'block_lifted')`,
] as const;

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
  `ALTER TABLE accounts ADD COLUMN totp_secret TEXT`,
  `ALTER TABLE accounts ADD COLUMN totp_pending TEXT`,
  `ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER`,
  // Keyed by the login name as typed, known or not, so a lock-out reveals nothing about accounts
  // (replaced below by name_failures, which keeps only a keyed hash of the name).
  `CREATE TABLE login_failures (
     login TEXT PRIMARY KEY,
     failures INTEGER NOT NULL,
     last_failure_at INTEGER NOT NULL
   )`,
  // The helplines a member works for, as a JSON list of ids.
  `ALTER TABLE accounts ADD COLUMN helplines TEXT NOT NULL DEFAULT '[]'`,
  ...AUDIT_HELPLINE_STEPS,
  // Failed login names only as keyed hashes (worker/name-failures.ts): the rows above held them as
  // typed, a password typed into the name field too. Those at most 15 minutes of counts are dropped.
  `DROP TABLE login_failures`,
  `CREATE TABLE name_failures (
     name_mac TEXT PRIMARY KEY,
     failures INTEGER NOT NULL,
     last_failure_at INTEGER NOT NULL
   )`,
  `CREATE TABLE name_failure_key (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL)`,
  // Each helpline's choice of which roles must have a second factor (worker/second-factor-roles.ts).
  `CREATE TABLE second_factor_roles (
     helpline TEXT NOT NULL,
     role TEXT NOT NULL,
     required INTEGER NOT NULL,
     PRIMARY KEY (helpline, role)
   )`,
] as const;

/** A session ends after this long regardless, and after this long without use. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 60 * 60 * 1000;
/** last_seen_at is written at most this often, so a busy console does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
/**
 * After this many failed logins on one login name (account or not) from all clients together, within
 * LOCK_MS of each other, the name is under strain: only its password with a valid second factor in the
 * same request gets in. One client is stopped much sooner, by the RateLimiter's per-name count, so this
 * ceiling is reached only by guessing from many networks at once.
 */
export const NAME_FAILURE_CEILING = 30;
export { LOCK_MS };
const AUDIT_PAGE = 500;
const INSERT_AUDIT = "INSERT INTO audit (at, staff_id, action, target, helpline) VALUES (?, ?, ?, ?, ?)";
/** How often the alarm deletes old audit entries, ended sessions and stale login failures. */
export const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;
const AUDIT_RETENTION_MS = AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000;

type AccountRow = {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  password_salt: string;
  password_iterations: number;
  disabled: number;
  created_at: number;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_last_step: number | null;
  helplines: string;
};

export type NewAccount = Required<CreateAccountBody>;
/** `strained`: sign-in is under strain (see NAME_FAILURE_CEILING) and this attempt did not get in. */
export type LoginResult =
  | { ok: true; token: string; staff: StaffMember }
  | { ok: false; reason: "invalid" | "strained" | "code_required" };
export type SetupResult = "created" | "already_set_up" | "bad_secret" | "no_secret_configured";
/** `proof_missing`/`proof_wrong`: a factor is on, and replacing it needs its current code or the password. */
export type ConfirmTotpResult = "enabled" | "bad_code" | "proof_missing" | "proof_wrong" | "locked";

export class Staff extends JurisdictionObject {
  private readonly failures = new NameFailures(this.ctx.storage.sql);
  private readonly factorRoles = new SecondFactorRoles(this.ctx.storage.sql, config(this.env).SECOND_FACTOR_ROLES);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage.sql, SCHEMA);
      // The sweep's alarm re-arms itself; this starts it the first time (and after a lost alarm).
      if ((await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
    });
  }

  /**
   * The daily sweep: audit entries past their retention, sessions that have ended (an unused one is
   * otherwise only deleted when it is next presented), and login failures older than the lock. Then
   * the files are rewritten (rewrite-storage.ts), so what the sweep and the day's logouts and sign-ins
   * deleted (a login name may be a password typed in the wrong field) is gone from them within a day.
   * This object has no other timer.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.sql.exec("DELETE FROM audit WHERE at < ?", now - AUDIT_RETENTION_MS);
    this.sql.exec(
      "DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?",
      now - SESSION_ABSOLUTE_MS,
      now - SESSION_IDLE_MS,
    );
    this.failures.forgetStale(now);
    await rewriteStorage(this.ctx.storage);
    await this.ctx.storage.setAlarm(now + SWEEP_EVERY_MS);
  }

  /** For the health check: answers without touching storage. */
  async ping(): Promise<true> {
    return true;
  }

  /** True until the first account exists. */
  async needsSetup(): Promise<boolean> {
    return this.noAccounts();
  }

  /** First-run setup: creates the first admin, only with the deployment's one-time setup secret. */
  async setup(body: SetupBody): Promise<SetupResult> {
    const expected = config(this.env).SETUP_SECRET;
    if (!expected) return "no_secret_configured";
    // Checked here too so that, once set up, a request costs no hashing.
    if (!this.noAccounts()) return "already_set_up";
    if (!timingSafeEqualText(await sha256Hex(body.secret), await sha256Hex(expected))) return "bad_secret";
    // The first admin works for every helpline of the deployment, so someone can staff each one.
    const all = config(this.env).HELPLINES.map((h) => h.id);
    const id = await this.createAccount({ ...body, role: "admin", helplines: all }, () => this.noAccounts());
    if (!id) return "already_set_up";
    this.audit(id, "setup", null);
    return "created";
  }

  /**
   * Checks a login (and its second factor, if the account has one) and opens a session. Unknown
   * logins cost the same time as wrong passwords and count the same way. `strained`: the deployment's
   * sign-ins are under strain (too many failures everywhere); so is a name past its own ceiling.
   */
  async login(loginTyped: string, password: string, code: string | undefined, strained: boolean): Promise<LoginResult> {
    const login = loginKey(loginTyped);
    const now = Date.now();
    const row = this.sql.exec<AccountRow>("SELECT * FROM accounts WHERE login = ?", login).toArray()[0];
    if (strained || (await this.overCeiling(login, now))) return this.loginUnderStrain(login, row, password, code, now);

    const hash = await pbkdf2Hex(password, row?.password_salt ?? DUMMY_SALT, row?.password_iterations ?? PBKDF2_ITERATIONS);
    if (!row || row.disabled || !timingSafeEqualText(hash, row.password_hash)) {
      await this.failed(login, row?.id ?? null, now);
      return { ok: false, reason: "invalid" };
    }
    if (row.totp_secret) {
      if (!code) return { ok: false, reason: "code_required" };
      const step = await verifyTotp(row.totp_secret, code, now);
      if (step === null || step <= (row.totp_last_step ?? -1)) {
        await this.failed(login, row.id, now);
        return { ok: false, reason: "code_required" };
      }
      this.sql.exec("UPDATE accounts SET totp_last_step = ? WHERE id = ?", step, row.id);
    }
    await this.failures.clear(login);
    return this.openSession(row, now);
  }

  /**
   * Sign-in under a guessing flood: only a password with a valid, unused second-factor code in the same
   * request gets in, so the flood cannot lock out a member who has a factor. The code is checked
   * first, so attempts without one cost no password hashing; every refusal is the same answer, so
   * nothing tells a guesser which part was wrong. A member without a factor waits for the flood to pass.
   */
  private async loginUnderStrain(login: string, row: AccountRow | undefined, password: string, code: string | undefined, now: number): Promise<LoginResult> {
    const refused = async (): Promise<LoginResult> => {
      await this.failed(login, row?.id ?? null, now);
      return { ok: false, reason: "strained" };
    };
    if (!row || row.disabled || !row.totp_secret || !code) return refused();
    const step = await verifyTotp(row.totp_secret, code, now);
    if (step === null || step <= (row.totp_last_step ?? -1)) return refused();
    const hash = await pbkdf2Hex(password, row.password_salt, row.password_iterations);
    if (!timingSafeEqualText(hash, row.password_hash)) return refused();
    this.sql.exec("UPDATE accounts SET totp_last_step = ? WHERE id = ?", step, row.id);
    // The name's failures stay: the member getting in does not give the guessers a fresh allowance.
    return this.openSession(row, now);
  }

  private async openSession(row: AccountRow, now: number): Promise<LoginResult> {
    const token = randomToken();
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

  /**
   * The staff member behind a session token hash, when the session ends at the latest and where the
   * member stands with a second factor, or null when the session is unknown or expired.
   */
  async session(tokenHash: string): Promise<{ staff: StaffMember; expiresAt: number; secondFactor: SecondFactorState } | null> {
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
    const staff = member(found);
    return { staff, expiresAt: found.created_at + SESSION_ABSOLUTE_MS, secondFactor: this.secondFactor(found, staff) };
  }

  /** The enabled account with this login, for single sign-on, where the identity provider did the login. */
  async byLogin(login: string): Promise<StaffMember | null> {
    const row = this.sql
      .exec<AccountRow>("SELECT * FROM accounts WHERE login = ? AND disabled = 0", login)
      .toArray()[0];
    return row ? member(row) : null;
  }

  async logout(tokenHash: string): Promise<void> {
    const row = this.sql
      .exec<{ staff_id: string }>("DELETE FROM sessions WHERE token_hash = ? RETURNING staff_id", tokenHash)
      .toArray()[0];
    if (row) this.audit(row.staff_id, "logout", null);
  }

  /** Records what a member did in a helpline: who, what, when, where, and at most a staff id; never content. */
  async record(staffId: string, action: HelplineAction, helpline: string, target: string | null = null): Promise<void> {
    this.sql.exec(INSERT_AUDIT, Date.now(), staffId, action, target, helpline);
  }

  /**
   * The most recent audit entries of these helplines and of no helpline (accounts, and entries from
   * before entries named one), newest first; the admin route narrows those further.
   */
  async auditTrail(helplines: readonly string[]): Promise<AuditEntry[]> {
    return this.sql
      .exec<{ at: number; staff_id: string; action: AuditAction; target: string | null; helpline: string | null }>(
        `SELECT at, staff_id, action, target, helpline FROM audit
         WHERE helpline IS NULL OR helpline IN (SELECT value FROM json_each(?))
         ORDER BY id DESC LIMIT ?`,
        JSON.stringify(helplines),
        AUDIT_PAGE,
      )
      .toArray()
      .map((r) => ({ at: r.at, staffId: r.staff_id, action: r.action, target: r.target, helpline: r.helpline }));
  }

  // ---- account management (admins) ----

  async accounts(): Promise<Account[]> {
    return this.sql.exec<AccountRow>("SELECT * FROM accounts ORDER BY login").toArray().map(account);
  }

  async account(id: string): Promise<Account | null> {
    const row = this.sql.exec<AccountRow>("SELECT * FROM accounts WHERE id = ?", id).toArray()[0];
    return row ? account(row) : null;
  }

  /** Sets the helplines an account works for. False for an unknown id. */
  async setHelplines(id: string, helplines: string[], by: string): Promise<boolean> {
    const changed = this.sql.exec("UPDATE accounts SET helplines = ? WHERE id = ?", JSON.stringify(helplines), id).rowsWritten;
    if (changed === 0) return false;
    this.audit(by, "account_helplines", id);
    return true;
  }

  /** Creates an account; null when the login name is taken. */
  async create(body: NewAccount, by: string): Promise<string | null> {
    const loginFree = () => this.sql.exec("SELECT 1 FROM accounts WHERE login = ?", body.login).toArray().length === 0;
    const id = await this.createAccount(body, loginFree);
    if (!id) return null;
    this.audit(by, "account_created", id);
    return id;
  }

  /** Disables (ending every session at once) or re-enables an account. False for an unknown id. */
  async setDisabled(id: string, disabled: boolean, by: string): Promise<boolean> {
    const changed = this.sql.exec("UPDATE accounts SET disabled = ? WHERE id = ?", Number(disabled), id).rowsWritten;
    if (changed === 0) return false;
    if (disabled) this.sql.exec("DELETE FROM sessions WHERE staff_id = ?", id);
    this.audit(by, disabled ? "account_disabled" : "account_enabled", id);
    return true;
  }

  /** Sets a new password, removes the second factor and ends every session of the account. */
  async reset(id: string, password: string, by: string): Promise<boolean> {
    const salt = randomSaltHex();
    const changed = this.sql.exec(
      `UPDATE accounts SET password_hash = ?, password_salt = ?, password_iterations = ?,
         totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = ?`,
      await pbkdf2Hex(password, salt, PBKDF2_ITERATIONS),
      salt,
      PBKDF2_ITERATIONS,
      id,
    ).rowsWritten;
    if (changed === 0) return false;
    this.sql.exec("DELETE FROM sessions WHERE staff_id = ?", id);
    this.audit(by, "account_reset", id);
    return true;
  }

  // ---- second factor ----

  /** Which roles this helpline requires a second factor of. */
  async secondFactorRoles(helpline: string): Promise<FactorRoles> {
    return this.factorRoles.forHelpline(helpline);
  }

  /** An admin's choice for their helpline; members of a role now required and without a factor set one up before anything else. */
  async setSecondFactorRoles(helpline: string, roles: FactorRoles, by: string): Promise<void> {
    this.factorRoles.set(helpline, roles);
    await this.record(by, "settings_changed", helpline);
  }

  /** Starts enrolment: a new secret, active only once a code from it is confirmed. */
  async startTotp(staffId: string): Promise<string> {
    const secret = newTotpSecret();
    this.sql.exec("UPDATE accounts SET totp_pending = ? WHERE id = ?", secret, staffId);
    return secret;
  }

  /**
   * Turns the pending secret on if the code matches it. If a factor is already on, replacing it also
   * needs `current`: the code from that factor or the password, so an unattended or stolen session
   * cannot swap the factor. A wrong one counts towards the login name's lock-out, like a failed login.
   */
  async confirmTotp(staffId: string, code: string, current?: string): Promise<ConfirmTotpResult> {
    const row = this.sql.exec<AccountRow>("SELECT * FROM accounts WHERE id = ?", staffId).toArray()[0];
    if (!row?.totp_pending) return "bad_code";
    if (row.totp_secret) {
      const now = Date.now();
      if (await this.overCeiling(row.login, now)) return "locked";
      if (current === undefined) return "proof_missing";
      if (!(await this.provesAccount(row, row.totp_secret, current, now))) {
        await this.failed(row.login, row.id, now);
        return "proof_wrong";
      }
    }
    const step = await verifyTotp(row.totp_pending, code);
    if (step === null) return "bad_code";
    this.sql.exec(
      "UPDATE accounts SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ? WHERE id = ?",
      step,
      staffId,
    );
    this.audit(staffId, "totp_enabled", null);
    return "enabled";
  }

  // ---- helpers ----

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /**
   * Hashes the password first, then checks `allowed` and inserts with no await in between, so two
   * requests at once cannot both pass the check (two first admins, or one login twice). Null when
   * `allowed` said no.
   */
  private async createAccount(body: NewAccount, allowed: () => boolean): Promise<string | null> {
    const salt = randomSaltHex();
    const hash = await pbkdf2Hex(body.password, salt, PBKDF2_ITERATIONS);
    if (!allowed()) return null;
    const id = crypto.randomUUID();
    this.sql.exec(
      `INSERT INTO accounts (id, login, display_name, role, password_hash, password_salt, password_iterations, created_at, helplines)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      body.login,
      body.displayName,
      body.role,
      hash,
      salt,
      PBKDF2_ITERATIONS,
      Date.now(),
      JSON.stringify(body.helplines),
    );
    return id;
  }

  /** `required`: the member's role must have a second factor at one of their helplines, and they have none. */
  private secondFactor(row: AccountRow, staff: StaffMember): SecondFactorState {
    if (row.totp_secret) return "on";
    return this.factorRoles.required(staff.role, staff.helplines) ? "required" : "off";
  }

  private noAccounts(): boolean {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM accounts").one().n === 0;
  }

  /** Whether a login name is past its ceiling of failures; forgets failures older than the lock. */
  private async overCeiling(login: string, now: number): Promise<boolean> {
    return (await this.failures.count(login, now)) >= NAME_FAILURE_CEILING;
  }

  /** A fresh code from the factor in use (6 digits, not replayed, and used up now) or the password. */
  private async provesAccount(row: AccountRow, secret: string, current: string, now: number): Promise<boolean> {
    if (/^\d{6}$/.test(current)) {
      const step = await verifyTotp(secret, current, now);
      if (step === null || step <= (row.totp_last_step ?? -1)) return false;
      // Spent at once, so the same code cannot prove the account twice, whatever follows.
      this.sql.exec("UPDATE accounts SET totp_last_step = ? WHERE id = ?", step, row.id);
      return true;
    }
    return timingSafeEqualText(await pbkdf2Hex(current, row.password_salt, row.password_iterations), row.password_hash);
  }

  /** Counts a failed login against the name (as a keyed hash only); the account, if any, sees it in the audit. */
  private async failed(login: string, staffId: string | null, now: number): Promise<void> {
    if (staffId) this.audit(staffId, "login_failed", null);
    await this.failures.record(login, now);
  }

  /** Records what concerns an account (no helpline's): who, what, when, and at most a staff id. */
  private audit(staffId: string, action: AccountAction, target: string | null): void {
    this.sql.exec(INSERT_AUDIT, Date.now(), staffId, action, target, null);
  }
}

/** A login name as it is stored and counted: typed with any case and surrounding spaces. */
export function loginKey(typed: string): string {
  return typed.trim().toLowerCase();
}

/** Hashed against when a login is unknown, so the answer takes as long as for a known one. */
const DUMMY_SALT = "00000000000000000000000000000000";

function member(row: AccountRow): StaffMember {
  const helplines = Memberships.safeParse(JSON.parse(row.helplines));
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    helplines: helplines.success ? helplines.data : [],
  };
}

function account(row: AccountRow): Account {
  return { ...member(row), disabled: row.disabled === 1, totp: row.totp_secret !== null, createdAt: row.created_at };
}
