/**
 * Blocking a visitor from the console: the assigned counsellor blocks the visitor of an open chat
 * (which ends it); a supervisor or admin sees the blocks in force at the helpline and lifts one.
 * Audited without the chat or the network; counted in Stats as "visitors blocked".
 */
import { type Context, Hono } from "hono";
import { type ActiveBlocks, BLOCK_ID, BlockBody, type BlockResult } from "../../schema/block";
import { CHAT_ROLES, OBSERVER_ROLES } from "../../schema/staff";
import { count } from "../counting";
import { staffHelpline } from "../helplines";
import { fail, readJson } from "../http";
import { logEvent } from "../log";
import { VISITORS_OBJECT } from "../limiter-shards";
import { requireStaff, type StaffEnv, staffObject } from "../session";
import { conversationIdParam } from "../sockets";

const limiter = (c: Context<StaffEnv>) => c.env.RATE_LIMITER.getByName(VISITORS_OBJECT);

export const blockRoutes = new Hono<StaffEnv>()
  .post("/api/console/chats/:id/block", requireStaff(...CHAT_ROLES), async (c) => {
    const id = conversationIdParam(c.req.param("id"));
    const { minutes } = await readJson(c, BlockBody);
    const helpline = staffHelpline(c, c.var.staff);
    if ((await c.env.DESK.getByName(helpline).holder(id)) !== c.var.staff.id) fail(403, "forbidden", "This chat is not yours.");
    const until = Date.now() + minutes * 60_000;
    const chat = await c.env.CONVERSATION.getByName(id).blockVisitor(c.var.staff.id, until);
    if (!chat) fail(409, "conflict", "This chat is no longer open.");
    const set = await limiter(c).block({
      helpline,
      network: chat.network,
      until,
      byId: c.var.staff.id,
      byName: c.var.staff.displayName,
      keptChat: chat.kept ? id : null,
    });
    await count(c.env, helpline, (stats) => stats.increment("visitor_blocked"));
    await staffObject(c.env).record(c.var.staff.id, "visitor_blocked", helpline);
    logEvent("chat.visitor_blocked", { minutes, network: set?.network === true, resume: chat.kept }, helpline);
    return c.json({ until, network: set?.network === true, resume: chat.kept } satisfies BlockResult);
  })
  .get("/api/console/blocks", requireStaff(...OBSERVER_ROLES), async (c) => {
    const blocks = await limiter(c).activeBlocks(staffHelpline(c, c.var.staff));
    return c.json({ blocks } satisfies ActiveBlocks);
  })
  .post("/api/console/blocks/:id/lift", requireStaff(...OBSERVER_ROLES), async (c) => {
    const id = c.req.param("id");
    if (!BLOCK_ID.test(id)) fail(404, "not_found", "No such block.");
    const helpline = staffHelpline(c, c.var.staff);
    const lifted = await limiter(c).liftBlock(helpline, id);
    if (!lifted) fail(404, "not_found", "This block has ended or was lifted already.");
    if (lifted.keptChat) await c.env.CONVERSATION.getByName(lifted.keptChat).liftResumeBlock();
    await staffObject(c.env).record(c.var.staff.id, "block_lifted", helpline);
    logEvent("chat.block_lifted", {}, helpline);
    return c.body(null, 204);
  });
