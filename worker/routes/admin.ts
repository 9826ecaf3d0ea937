/** Routes for admins: the helpline's settings. */
import { Hono } from "hono";
import { DEFAULT_HELPLINE, HelplineSettings } from "../../schema/helpline";
import { fail, readJson } from "../http";
import { isTimeZone } from "../opening-hours";
import { requireStaff, type StaffEnv, staffObject } from "../session";

export const adminRoutes = new Hono<StaffEnv>()
  .get("/api/admin/helpline", requireStaff("admin"), async (c) =>
    c.json(await c.env.DESK.getByName(DEFAULT_HELPLINE).settings()),
  )
  .put("/api/admin/helpline", requireStaff("admin"), async (c) => {
    const settings = await readJson(c, HelplineSettings);
    if (!isTimeZone(settings.timeZone)) fail(400, "bad_request", "Unknown time zone.");
    await c.env.DESK.getByName(DEFAULT_HELPLINE).saveSettings(settings);
    await staffObject(c.env).record(c.var.staff.id, "settings", null);
    return c.body(null, 204);
  });
