/** Routes for admins: staff accounts, the audit trail and the helpline's settings. An admin manages
 *  only their own helplines: the settings of one they work for, and the accounts whose helplines are
 *  all theirs, so one organisation's admin never reaches another's staff. */
import { Hono } from "hono";
import { type Account, AccountAction, type AuditEntry, CreateAccountBody, type FactorRoles, FactorRolesBody, MembershipsBody, ResetAccountBody } from "../../schema/admin";
import { HelplineSettings } from "../../schema/helpline";
import { LIMITS } from "../../schema/limits";
import type { StaffMember } from "../../schema/staff";
import { config } from "../config";
import { isHelpline, staffHelpline } from "../helplines";
import { fail, jsonBody, readBody } from "../http";
import { isTimeZone } from "../opening-hours";
import { limitFailures } from "../rate-limit";
import { saveSettings } from "../settings-cache";
import { requireStaff, type StaffEnv, staffObject } from "../session";

function accountId(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) fail(404, "not_found", "No such account.");
  return id;
}

/** An account an admin may see: one that shares a helpline with them. */
function visible(admin: StaffMember, account: Account): boolean {
  return account.helplines.some((h) => admin.helplines.includes(h));
}

/**
 * Whether an admin sees an audit entry. What happened in a helpline, only its admins: a member who
 * works for several helplines does each one's work for that one alone. What concerns an account, only
 * when the member and the account it was about are both the admin's: an admin of several helplines
 * acts on other organisations' staff too, and that stays theirs. A helpline's action that names none
 * was recorded before entries named one: it may be any helpline's, so only an admin of all sees it.
 */
function auditVisible(entry: AuditEntry, admin: StaffMember, staffIds: ReadonlySet<string>, ofEveryHelpline: boolean): boolean {
  if (entry.helpline !== null) return admin.helplines.includes(entry.helpline);
  if (!AccountAction.safeParse(entry.action).success) return ofEveryHelpline;
  return staffIds.has(entry.staffId) && (entry.target === null || staffIds.has(entry.target));
}

/** Helplines an admin may give or take: only their own, and only ones that exist. */
function grantable(env: Env, admin: StaffMember, helplines: string[]): void {
  if (!helplines.every((h) => admin.helplines.includes(h) && isHelpline(env, h))) {
    fail(403, "forbidden", "You can only give access to your own helplines.");
  }
}

/** The account, if this admin may change it: all of its helplines are theirs. Otherwise a 404. */
async function manageable(env: Env, admin: StaffMember, id: string): Promise<Account> {
  const account = await staffObject(env).account(accountId(id));
  if (!account || !visible(admin, account) || !account.helplines.every((h) => admin.helplines.includes(h))) {
    fail(404, "not_found", "No such account.");
  }
  return account;
}

/** Sessions are gone; now the sockets opened with them close too, in each Desk and every chat. */
async function disconnect(env: Env, account: Account): Promise<void> {
  await Promise.all(account.helplines.map((h) => env.DESK.getByName(h).disconnectStaff(account.id)));
}

export const adminRoutes = new Hono<StaffEnv>()
  .use("/api/admin/*", requireStaff("admin"))
  .get("/api/admin/accounts", async (c) =>
    c.json((await staffObject(c.env).accounts()).filter((a) => visible(c.var.staff, a))),
  )
  .post("/api/admin/accounts", jsonBody(CreateAccountBody), async (c) => {
    const body = await readBody(c);
    const helplines = body.helplines ?? [staffHelpline(c, c.var.staff)];
    grantable(c.env, c.var.staff, helplines);
    // Login names are one namespace for the deployment (a member signs in once, for all their
    // helplines), so a name in use anywhere is refused. The answer says no more than that, the same
    // for a name of this helpline or another's, and an admin refused often is stopped, so trying names
    // cannot list another organisation's staff.
    return limitFailures(c, [{ what: "loginInUse", key: `admin ${c.var.staff.id}` }], async (failed) => {
      const id = await staffObject(c.env).create({ ...body, helplines }, c.var.staff.id);
      if (!id) {
        failed();
        fail(409, "conflict", "That login name cannot be used. Choose another.");
      }
      return c.json({ id }, 201);
    });
  })
  .post("/api/admin/accounts/:id/helplines", jsonBody(MembershipsBody), async (c) => {
    const account = await manageable(c.env, c.var.staff, c.req.param("id"));
    const { helplines } = await readBody(c);
    grantable(c.env, c.var.staff, helplines);
    await staffObject(c.env).setHelplines(account.id, helplines, c.var.staff.id);
    // Consoles open on a helpline the member left close now; their sessions go on for the others.
    await disconnect(c.env, { ...account, helplines: account.helplines.filter((h) => !helplines.includes(h)) });
    return c.body(null, 204);
  })
  .post("/api/admin/accounts/:id/disable", async (c) => {
    const account = await manageable(c.env, c.var.staff, c.req.param("id"));
    if (account.id === c.var.staff.id) fail(409, "conflict", "You cannot disable your own account.");
    await staffObject(c.env).setDisabled(account.id, true, c.var.staff.id);
    await disconnect(c.env, account);
    return c.body(null, 204);
  })
  .post("/api/admin/accounts/:id/enable", async (c) => {
    const account = await manageable(c.env, c.var.staff, c.req.param("id"));
    await staffObject(c.env).setDisabled(account.id, false, c.var.staff.id);
    return c.body(null, 204);
  })
  .post("/api/admin/accounts/:id/reset", jsonBody(ResetAccountBody), async (c) => {
    const account = await manageable(c.env, c.var.staff, c.req.param("id"));
    const { password } = await readBody(c);
    await staffObject(c.env).reset(account.id, password, c.var.staff.id);
    await disconnect(c.env, account);
    return c.body(null, 204);
  })
  .get("/api/admin/audit", async (c) => {
    const admin = c.var.staff;
    const staffIds = new Set((await staffObject(c.env).accounts()).filter((a) => visible(admin, a)).map((a) => a.id));
    const ofEveryHelpline = config(c.env).HELPLINES.every((h) => admin.helplines.includes(h.id));
    const trail = await staffObject(c.env).auditTrail(admin.helplines);
    return c.json(trail.filter((e) => auditVisible(e, admin, staffIds, ofEveryHelpline)));
  })
  .get("/api/admin/helpline", async (c) => c.json(await c.env.DESK.getByName(staffHelpline(c, c.var.staff)).settings()))
  .put("/api/admin/helpline", jsonBody(HelplineSettings, LIMITS.settingsBytes), async (c) => {
    const helpline = staffHelpline(c, c.var.staff);
    const settings = await readBody(c);
    if (!isTimeZone(settings.timeZone)) fail(400, "bad_request", "Unknown time zone.");
    const desk = c.env.DESK.getByName(helpline);
    const previousZone = (await desk.settings()).timeZone;
    await saveSettings(c.env, helpline, settings);
    await staffObject(c.env).record(c.var.staff.id, "settings_changed", helpline);
    // Reports take their zone from here: the same range asked for again in another zone moves every
    // hour and day boundary, and the difference can say more than either report. So the change is an
    // entry of its own, beside the dashboard views, and such a series shows in the trail.
    if (settings.timeZone !== previousZone) await staffObject(c.env).record(c.var.staff.id, "time_zone_changed", helpline);
    return c.body(null, 204);
  })
  // Which roles this helpline requires a second factor of (worker/second-factor-roles.ts).
  .get("/api/admin/second-factor", async (c) =>
    c.json((await staffObject(c.env).secondFactorRoles(staffHelpline(c, c.var.staff))) satisfies FactorRoles),
  )
  .put("/api/admin/second-factor", jsonBody(FactorRolesBody), async (c) => {
    const { roles } = await readBody(c);
    await staffObject(c.env).setSecondFactorRoles(staffHelpline(c, c.var.staff), roles, c.var.staff.id);
    return c.body(null, 204);
  });
