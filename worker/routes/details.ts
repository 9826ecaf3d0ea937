/** The counsellor records optional personal details, only for a visitor who chose to keep the chat. */
import { Hono } from "hono";
import { DetailsBody } from "../../schema/details";
import { CHAT_ROLES } from "../../schema/staff";
import { fail, jsonBody, readBody } from "../http";
import { requireStaff, type StaffEnv } from "../session";
import { chatIdParam } from "../chat-id";

export const detailsRoutes = new Hono<StaffEnv>().post("/api/console/chats/:id/details", requireStaff(...CHAT_ROLES), jsonBody(DetailsBody), async (c) => {
  const id = await chatIdParam(c.env, c.req.param("id"));
  const body = await readBody(c);
  const result = await c.env.CONVERSATION.getByName(id).recordDetails(c.var.staff.id, body);
  if (result === "forbidden") fail(403, "forbidden", "This chat is not yours or no longer open.");
  if (result === "no_consent") fail(409, "conflict", "Personal details can be kept only when the visitor chose to keep the chat.");
  return c.body(null, 204);
});
