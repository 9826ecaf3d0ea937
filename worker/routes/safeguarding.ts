/**
 * Safeguarding actions in the console: a counsellor escalates a chat they hold (a reason category, no
 * text), and a supervisor joins an escalated chat of their helpline. Both are audited without content:
 * the audit names neither the chat nor the reason.
 */
import { Hono } from "hono";
import { EscalateBody } from "../../schema/safeguarding";
import { CHAT_ROLES, OBSERVER_ROLES } from "../../schema/staff";
import { staffHelpline } from "../helplines";
import { fail, jsonBody, readBody } from "../http";
import { requireStaff, type StaffEnv, staffObject } from "../session";
import { chatIdParam } from "../chat-id";

export const safeguardingRoutes = new Hono<StaffEnv>()
  .post("/api/console/chats/:id/escalate", requireStaff(...CHAT_ROLES), jsonBody(EscalateBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    const { reason } = await readBody(c);
    const helpline = staffHelpline(c, c.var.staff);
    const result = await c.env.DESK.getByName(helpline).escalate(id, c.var.staff, reason);
    if (result === "not_yours") fail(403, "forbidden", "This chat is not yours to escalate.");
    if (result === "already") fail(409, "conflict", "This chat is already escalated.");
    await staffObject(c.env).record(c.var.staff.id, "escalate", helpline);
    return c.body(null, 204);
  })
  .post("/api/console/chats/:id/join", requireStaff(...OBSERVER_ROLES), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    // As for observing: only chats of the supervisor's own helplines, and only escalated ones.
    const helpline = await c.env.CONVERSATION.getByName(id).helpline();
    if (!helpline || !c.var.staff.helplines.includes(helpline)) fail(404, "not_found", "This chat is not open.");
    if (!(await c.env.DESK.getByName(helpline).isEscalated(id))) fail(409, "conflict", "Only an escalated chat can be joined.");
    if (!(await c.env.CONVERSATION.getByName(id).join(c.var.staff))) fail(409, "conflict", "This chat is no longer being answered.");
    await staffObject(c.env).record(c.var.staff.id, "join", helpline);
    return c.body(null, 204);
  });
