/**
 * A counsellor asks a supervisor for a debrief. The request names no chat and carries no text: the
 * supervisors on shift are told who asks, and the audit trail records that they asked.
 */
import { Hono } from "hono";
import { CHAT_ROLES } from "../../schema/staff";
import type { DebriefResult } from "../../schema/wellbeing";
import { staffHelpline } from "../helplines";
import { requireStaff, type StaffEnv, staffObject } from "../session";

export const wellbeingRoutes = new Hono<StaffEnv>().post("/api/console/debrief", requireStaff(...CHAT_ROLES), async (c) => {
  const helpline = staffHelpline(c, c.var.staff);
  const told = await c.env.DESK.getByName(helpline).requestDebrief(c.var.staff);
  await staffObject(c.env).record(c.var.staff.id, "debrief_requested", helpline);
  return c.json({ told } satisfies DebriefResult);
});
