/** Routes for the anonymous visitor: what the helpline is, start a chat, open its socket. No account, no cookie. */
import { Hono } from "hono";
import { StartChatBody, type StartChatResponse } from "../../schema/http";
import { DEFAULT_HELPLINE, type HelplineInfo } from "../../schema/helpline";
import { randomToken, sha256Hex } from "../crypto";
import { type AppEnv, fail, readJson } from "../http";
import { count } from "../counting";
import { logEvent } from "../log";
import { openness } from "../opening-hours";
import { limit } from "../rate-limit";
import { conversationIdParam, forwardUpgrade } from "../sockets";

export const visitorRoutes = new Hono<AppEnv>()
  .get("/api/helpline", async (c) => {
    const settings = await c.env.DESK.getByName(DEFAULT_HELPLINE).settings();
    const { name, languages, timeZone, openingHours, alternatives, neutralSite } = settings;
    const info: HelplineInfo = {
      name,
      languages,
      timeZone,
      ...openness(settings, Date.now()),
      openingHours,
      alternatives,
      neutralSite,
    };
    return c.json(info);
  })
  .post("/api/chats", async (c) => {
    const body = await readJson(c, StartChatBody);
    // Counted after the body parses, so a malformed request costs the client nothing; before anything
    // is stored, so a flood from one client never reaches the queue.
    await limit(c, "start");
    const desk = c.env.DESK.getByName(DEFAULT_HELPLINE);
    if (!openness(await desk.settings(), Date.now()).openNow) {
      await c.env.STATS.getByName(DEFAULT_HELPLINE).increment("chat_outside_hours");
      fail(503, "closed", "The helpline is closed now. See /api/helpline for the opening hours.");
    }
    // An outreach link is used up here, before the chat exists, so a single-use link starts one chat.
    const invite = body.invite ? await c.env.OUTREACH.getByName(DEFAULT_HELPLINE).redeem(body.invite) : undefined;
    if (invite === null) fail(404, "not_found", "This link no longer works. You can still start a chat.");
    const conversationId = randomToken(128);
    const token = randomToken(256);
    const conversation = c.env.CONVERSATION.getByName(conversationId);
    await conversation.open({ conversationId, helpline: DEFAULT_HELPLINE, tokenHash: await sha256Hex(token) });
    const place = await desk.enqueue({ conversationId, inDanger: body.inDanger, language: body.language, ...(invite ? { invite } : {}) });
    if (!place) {
      await conversation.discard();
      logEvent("chat.refused_queue_full");
      fail(503, "queue_full", "All counsellors are busy and the queue is full. Please try again in a few minutes.");
    }
    await count(c.env, DEFAULT_HELPLINE, (stats) => stats.increment("chat_offered"));
    if (invite) await count(c.env, DEFAULT_HELPLINE, (stats) => stats.increment("invite_chat_started", invite.channel));
    logEvent("chat.started", { inDanger: body.inDanger === true });
    return c.json({ conversationId, token } satisfies StartChatResponse, 201);
  })
  .get("/ws/chat/:id", (c) => {
    const id = conversationIdParam(c.req.param("id"));
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "visitor" });
  });
