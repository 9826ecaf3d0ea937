/**
 * Warm handoff routes. A visitor withdraws a handoff with its code (no account; rate-limited like every
 * code). Staff of the helpline look one up by the code the visitor or the partner reads out, which is
 * how a partner gets the summary: on the phone with a counsellor, or through the organisation's own
 * secure channel. Every lookup is in the audit trail; no route lists handoffs.
 */
import { Hono } from "hono";
import { HandoffCodeBody, type HandoffRecord } from "../../schema/handoff";
import { CHAT_ROLES } from "../../schema/staff";
import { lookUpHandoff } from "../flows/look-up-handoff";
import { staffHelpline, visitorHelpline } from "../helplines";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { logEvent } from "../log";
import { limit } from "../rate-limit";
import { handoffCodeHash } from "../resume-code";
import { requireStaff, type StaffEnv } from "../session";

const UNKNOWN_CODE = "This code is not known. Check it and try again.";

export const handoffRoutes = new Hono<AppEnv>().post("/api/handoffs/withdraw", jsonBody(HandoffCodeBody), async (c) => {
  await limit(c, "code");
  const { code } = await readBody(c);
  const helpline = visitorHelpline(c);
  if (!(await c.env.HANDOFFS.getByName(helpline).withdraw(await handoffCodeHash(code)))) fail(404, "not_found", UNKNOWN_CODE);
  logEvent("handoff.withdrawn", {}, helpline);
  return c.body(null, 204);
});

export const handoffLookupRoutes = new Hono<StaffEnv>()
  /** The partners a counsellor can propose, for the chat panel's choice. */
  .get("/api/console/handoffs/partners", requireStaff(...CHAT_ROLES), async (c) =>
    c.json((await c.env.DESK.getByName(staffHelpline(c, c.var.staff)).settings()).carePartners),
  )
  .post("/api/console/handoffs/lookup", requireStaff(...CHAT_ROLES), jsonBody(HandoffCodeBody), async (c) => {
    // Counted like every code a person could guess: a lookup is staff reading what a visitor handed over.
    await limit(c, "code");
    const { code } = await readBody(c);
    const found = await lookUpHandoff(c.env, staffHelpline(c, c.var.staff), code, c.var.staff.id);
    if (!found) fail(404, "not_found", UNKNOWN_CODE);
    return c.json(found satisfies HandoffRecord);
  });
