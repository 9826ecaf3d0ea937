/** Routes for the anonymous visitor: start a chat, open its socket. No account, no cookie. */
import { Hono } from "hono";
import { StartChatBody, type StartChatResponse } from "../../schema/http";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { randomToken, sha256Hex } from "../crypto";
import { type AppEnv, fail, readJson } from "../http";
import { logEvent } from "../log";
import { conversationIdParam, forwardUpgrade } from "../sockets";

export const visitorRoutes = new Hono<AppEnv>()
  .post("/api/chats", async (c) => {
    const body = await readJson(c, StartChatBody);
    const conversationId = randomToken(128);
    const token = randomToken(256);
    const conversation = c.env.CONVERSATION.getByName(conversationId);
    await conversation.open({ conversationId, helpline: DEFAULT_HELPLINE, tokenHash: await sha256Hex(token) });
    const place = await c.env.DESK.getByName(DEFAULT_HELPLINE).enqueue({ conversationId, ...body });
    if (!place) {
      await conversation.discard();
      logEvent("chat.refused_queue_full");
      fail(503, "queue_full", "All counsellors are busy and the queue is full. Please try again in a few minutes.");
    }
    logEvent("chat.started", { inDanger: body.inDanger === true });
    return c.json({ conversationId, token } satisfies StartChatResponse, 201);
  })
  .get("/ws/chat/:id", (c) => {
    const id = conversationIdParam(c.req.param("id"));
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "visitor" });
  });
