/** Routes for the anonymous visitor: what the helpline is, start a chat, open its socket. No account, no cookie. */
import { Hono } from "hono";
import { ExitBody } from "../../schema/consent";
import { ClosedVisitBody, StartChallengeBody, StartChatBody, type StartChatResponse } from "../../schema/http";
import type { HelplineInfo } from "../../schema/helpline";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { startChat } from "../flows/start-chat";
import { isHelpline, visitorHelpline } from "../helplines";
import { logEvent } from "../log";
import { clientTiers, limit, startCounts } from "../rate-limit";
import { openness } from "../opening-hours";
import { cachedSettings } from "../settings-cache";
import { QUEUE_FULL_MESSAGE } from "../queue-entry";
import { forwardUpgrade } from "../sockets";
import { chatIdParam } from "../chat-id";
import { triedOutsideHours } from "../stats-events";
import { refuseBlocked } from "../visitor-network";
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
  .post("/api/chats", jsonBody(StartChatBody), async (c) => {
    const body = await readBody(c);
    // Work first: a start without the work its network owes counts for nothing, not even its rate limit.
    await requireWork(c, body.proof);
    // Counted after the body parses, so a malformed request costs the client nothing; before anything
    // is stored, so a flood from one client never reaches the queue.
    await limit(c, startCounts(c));
    const from = body.invite ? { invite: body.invite } : { helpline: visitorHelpline(c) };
    const result = await startChat(c.env, body, from, clientTiers(c));
    if ("refused" in result) {
      if (result.refused === "link_gone") fail(404, "not_found", LINK_GONE);
      if (result.refused === "blocked") refuseBlocked(result.helpline, result.until);
      if (result.refused === "closed") fail(503, "closed", "The helpline is closed now. See /api/helpline for the opening hours.");
      if (result.refused === "queue_full") fail(503, "queue_full", QUEUE_FULL_MESSAGE);
      fail(503, "very_busy", "It is very busy right now. Please try again in a few minutes, or see the alternatives.");
    }
    return c.json(result.started satisfies StartChatResponse, 201);
  })
  // The work a start from this network must show; asking counts as a start (worker/start-gate.ts).
  .post("/api/chats/challenge", jsonBody(StartChallengeBody), async (c) => {
    await readBody(c);
    await limit(c, "challenge");
    return c.json(await issueChallenge(c));
  })
  // The visitor left (quick exit, or the page closed or reloaded): the page sends this as a beacon while
  // it leaves, the token in the body (never the URL). A quick exit ends the chat at once; a closed page
  // starts the short goodbye grace (goodbye.ts). The same answer for a chat that has already ended, so
  // a beacon that follows the socket's exit frame is no error.
  .post("/api/chats/:id/exit", jsonBody(ExitBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    await limit(c, "token");
    const body = await readBody(c);
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
  .post("/api/closed-visit", jsonBody(ClosedVisitBody), async (c) => {
    await readBody(c);
    const helpline = visitorHelpline(c);
    if (openness(await cachedSettings(c.env, helpline), Date.now()).openNow) {
      fail(409, "conflict", "The helpline is open.");
    }
    await limit(c, "closedVisit");
    await triedOutsideHours(c.env, helpline);
    return c.body(null, 204);
  })
  // A helpline's own address: the ordinary visitor page, which reads its helpline from the path.
  .get("/h/:id", (c) => {
    if (!isHelpline(c.env, c.req.param("id"))) fail(404, "not_found", "No such helpline.");
    return c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
  })
  // The socket needs no account (its hello carries the token), so opening one is limited per client;
  // a made-up id is refused before that, by its MAC alone, and never reaches an object.
  .get("/ws/chat/:id", async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    await limit(c, "visitorSocket");
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "visitor" });
  });
