/** Routes for admins: staff accounts, the audit trail and the helpline's settings. */
import { Hono } from "hono";
import { CreateAccountBody, ResetAccountBody } from "../../schema/admin";
import { DEFAULT_HELPLINE, HelplineSettings } from "../../schema/helpline";
import { LIMITS } from "../../schema/limits";
import { fail, readJson } from "../http";
import { isTimeZone } from "../opening-hours";
import { requireStaff, type StaffEnv, staffObject } from "../session";

function accountId(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) fail(404, "not_found", "No such account.");
  return id;
}

export const adminRoutes = new Hono<StaffEnv>()
  .use("/api/admin/*", requireStaff("admin"))
  .get("/api/admin/accounts", async (c) => c.json(await staffObject(c.env).accounts()))
  .post("/api/admin/accounts", async (c) => {
    const body = await readJson(c, CreateAccountBody);
    const id = await staffObject(c.env).create(body, c.var.staff.id);
    if (!id) fail(409, "conflict", "That login name is taken.");
    return c.json({ id }, 201);
  })
  .post("/api/admin/accounts/:id/disable", async (c) => {
    const id = accountId(c.req.param("id"));
    if (id === c.var.staff.id) fail(409, "conflict", "You cannot disable your own account.");
    if (!(await staffObject(c.env).setDisabled(id, true, c.var.staff.id))) fail(404, "not_found", "No such account.");
    // Sessions are gone; now the sockets opened with them close too, in the Desk and every chat.
    await c.env.DESK.getByName(DEFAULT_HELPLINE).disconnectStaff(id);
    return c.body(null, 204);
  })
  .post("/api/admin/accounts/:id/enable", async (c) => {
    const id = accountId(c.req.param("id"));
    if (!(await staffObject(c.env).setDisabled(id, false, c.var.staff.id))) fail(404, "not_found", "No such account.");
    return c.body(null, 204);
  })
  .post("/api/admin/accounts/:id/reset", async (c) => {
    const id = accountId(c.req.param("id"));
    const { password } = await readJson(c, ResetAccountBody);
    if (!(await staffObject(c.env).reset(id, password, c.var.staff.id))) fail(404, "not_found", "No such account.");
    await c.env.DESK.getByName(DEFAULT_HELPLINE).disconnectStaff(id);
    return c.body(null, 204);
  })
  .get("/api/admin/audit", async (c) => c.json(await staffObject(c.env).auditTrail()))
  .get("/api/admin/helpline", async (c) => c.json(await c.env.DESK.getByName(DEFAULT_HELPLINE).settings()))
  .put("/api/admin/helpline", async (c) => {
    const settings = await readJson(c, HelplineSettings, LIMITS.settingsBytes);
    if (!isTimeZone(settings.timeZone)) fail(400, "bad_request", "Unknown time zone.");
    await c.env.DESK.getByName(DEFAULT_HELPLINE).saveSettings(settings);
    await staffObject(c.env).record(c.var.staff.id, "settings_changed", null);
    return c.body(null, 204);
  });
