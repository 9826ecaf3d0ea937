/**
 * Blocking a visitor from the console: the assigned counsellor blocks the visitor of an open chat
 * (which ends it); a supervisor or admin sees the blocks in force at the helpline and lifts one.
 * Audited without the chat or the network; counted in Stats as "visitors blocked".
 */
import { Hono } from "hono";
import { type ActiveBlocks, BLOCK_ID, BlockBody, type BlockResult } from "../../schema/block";
import { CHAT_ROLES, OBSERVER_ROLES } from "../../schema/staff";
import { blockVisitor, liftBlock } from "../flows/block-visitor";
import { staffHelpline } from "../helplines";
import { fail, jsonBody, readBody } from "../http";
import { VISITORS_OBJECT } from "../limiter-shards";
import { requireStaff, type StaffEnv } from "../session";
import { chatIdParam } from "../chat-id";

export const blockRoutes = new Hono<StaffEnv>()
  .post("/api/console/chats/:id/block", requireStaff(...CHAT_ROLES), jsonBody(BlockBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    const { minutes } = await readBody(c);
    const result = await blockVisitor(c.env, staffHelpline(c, c.var.staff), id, c.var.staff, minutes);
    if ("refused" in result) {
      if (result.refused === "not_yours") fail(403, "forbidden", "This chat is not yours.");
      fail(409, "conflict", "This chat is no longer open.");
    }
    return c.json(result.blocked satisfies BlockResult);
  })
  .get("/api/console/blocks", requireStaff(...OBSERVER_ROLES), async (c) => {
    const blocks = await c.env.RATE_LIMITER.getByName(VISITORS_OBJECT).activeBlocks(staffHelpline(c, c.var.staff));
    return c.json({ blocks } satisfies ActiveBlocks);
  })
  .post("/api/console/blocks/:id/lift", requireStaff(...OBSERVER_ROLES), async (c) => {
    const id = c.req.param("id");
    if (!BLOCK_ID.test(id)) fail(404, "not_found", "No such block.");
    if (!(await liftBlock(c.env, staffHelpline(c, c.var.staff), id, c.var.staff.id))) fail(404, "not_found", "This block has ended or was lifted already.");
    return c.body(null, 204);
  });
