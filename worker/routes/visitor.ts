/** Routes for the anonymous visitor: what the helpline is, start a chat, open its socket. No account, no cookie. */
import { Hono } from "hono";
import { ExitBody } from "../../schema/consent";
import { ClosedVisitBody, StartChallengeBody, StartChatBody, type StartChatResponse } from "../../schema/http";
import type { HelplineInfo } from "../../schema/helpline";
import { randomToken, sha256Hex } from "../crypto";
import { type AppEnv, fail, readJson } from "../http";
import { count } from "../counting";
import { isHelpline, visitorHelpline } from "../helplines";
import { logEvent } from "../log";
import { clientPrefix, limit } from "../rate-limit";
import { openness } from "../opening-hours";
import { cachedSettings } from "../settings-cache";
import { OUTREACH_OBJECT } from "../outreach";
import { QUEUE_FULL_MESSAGE } from "../queue-entry";
import { conversationIdParam, forwardUpgrade } from "../sockets";
import { admitNetwork } from "../visitor-network";
import { issueChallenge, requireWork } from "../start-work";

const LINK_GONE = "This link no longer works. You can still start a chat.";

export const visitorRoutes = new Hono<AppEnv>()
  .get("/api/helpline", async (c) => {
    const id = visitorHelpline(c);
    const settings = await cachedSettings(c.env, id);
    const { name, languages, timeZone, openingHours, alternatives, neutralSite, theme, watchWords } = settings;
    const info: HelplineInfo = {
      id,
      name,
      languages,
      timeZone,
      ...openness(settings, Date.now()),
      openingHours,
      alternatives,
      neutralSite,
      theme,
      watchWords,
    };
    return c.json(info);
  })
  .post("/api/chats", async (c) => {
    const body = await readJson(c, StartChatBody);
    // Work first: a start without the work its network owes counts for nothing, not even its rate limit.
    await requireWork(c, body.proof);
    // Counted after the body parses, so a malformed request costs the client nothing; before anything
    // is stored, so a flood from one client never reaches the queue.
    await limit(c, "start");
    // The link, not the page, says which helpline's outreach team answers. It is looked at first and
    // used up only once the helpline is open, so a single-use link opened at night still works by day;
    // used up before the chat exists, so it starts one chat.
    const outreach = c.env.OUTREACH.getByName(OUTREACH_OBJECT);
    const link = body.invite ? await outreach.check(body.invite) : undefined;
    if (link === null || (link && !isHelpline(c.env, link.helpline))) fail(404, "not_found", LINK_GONE);
    const helpline = link ? link.helpline : visitorHelpline(c);
    const networkTag = await admitNetwork(c, helpline);
    const desk = c.env.DESK.getByName(helpline);
    if (!openness(await desk.settings(), Date.now()).openNow) {
      await count(c.env, helpline, (stats) => stats.increment("chat_outside_hours"));
      fail(503, "closed", "The helpline is closed now. See /api/helpline for the opening hours.");
    }
    const invite = body.invite ? await outreach.redeem(body.invite) : undefined;
    if (invite === null) fail(404, "not_found", LINK_GONE);
    // Refused now when full, so the visitor hears it at once; the chat takes its place in the queue
    // only when its visitor says hello (Conversation.arrive), so starts nobody follows fill nothing.
    if (!(await desk.hasRoom())) {
      logEvent("chat.refused_queue_full", {}, helpline);
      fail(503, "queue_full", QUEUE_FULL_MESSAGE);
    }
    const admission = await desk.admitStart(clientPrefix(c), body.inDanger === true);
    if (!admission.admitted) {
      logEvent("chat.refused_very_busy", {}, helpline);
      fail(503, "very_busy", "It is very busy right now. Please try again in a few minutes, or see the alternatives.");
    }
    // Said to be in danger by a network that already had its urgent starts this hour: queued, not first.
    const urgencyCapped = body.inDanger === true && !admission.urgentFirst;
    const conversationId = randomToken(128);
    const token = randomToken(256);
    const arrival = { conversationId, inDanger: body.inDanger, language: body.language, ...(invite ? { invite } : {}), ...(urgencyCapped ? { urgencyCapped } : {}) };
    await c.env.CONVERSATION.getByName(conversationId).open({ conversationId, helpline, tokenHash: await sha256Hex(token), arrival, networkTag });
    logEvent("chat.started", { inDanger: body.inDanger === true }, helpline);
    return c.json({ conversationId, token } satisfies StartChatResponse, 201);
  })
  // The work a start from this network must show; asking counts as a start (worker/start-gate.ts).
  .post("/api/chats/challenge", async (c) => {
    await readJson(c, StartChallengeBody);
    return c.json(await issueChallenge(c));
  })
  // The visitor left (quick exit, or the page closed or reloaded): the page sends this as a beacon while
  // it leaves, the token in the body (never the URL). A quick exit ends the chat at once; a closed page
  // starts the short goodbye grace (goodbye.ts). The same answer for a chat that has already ended, so
  // a beacon that follows the socket's exit frame is no error.
  .post("/api/chats/:id/exit", async (c) => {
    await limit(c, "token");
    const id = conversationIdParam(c.req.param("id"));
    const body = await readJson(c, ExitBody);
    const why = body.why ?? "quick_exit";
    const result = await c.env.CONVERSATION.getByName(id).leave(body.token, why);
    if (result === "unauthorized") fail(403, "forbidden", "This chat link is not valid.");
    if (result === "ended") logEvent("chat.quick_exit");
    if (result === "leaving") logEvent("chat.left");
    return c.body(null, 204);
  })
  // The visitor page shows the closed screen without ever posting a chat, so it reports the view here,
  // once per page view: that is "tried outside opening hours" on the dashboard. Nothing about the
  // visitor is stored; the count goes to an hour bucket. Rate-limited so a script cannot inflate it.
  .post("/api/closed-visit", async (c) => {
    await readJson(c, ClosedVisitBody);
    const helpline = visitorHelpline(c);
    if (openness(await cachedSettings(c.env, helpline), Date.now()).openNow) {
      fail(409, "conflict", "The helpline is open.");
    }
    await limit(c, "closedVisit");
    await count(c.env, helpline, (stats) => stats.increment("chat_outside_hours"));
    return c.body(null, 204);
  })
  // A helpline's own address: the ordinary visitor page, which reads its helpline from the path.
  .get("/h/:id", (c) => {
    if (!isHelpline(c.env, c.req.param("id"))) fail(404, "not_found", "No such helpline.");
    return c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
  })
  .get("/ws/chat/:id", (c) => {
    const id = conversationIdParam(c.req.param("id"));
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "visitor" });
  });
