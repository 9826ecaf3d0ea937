/**
 * Routes for a visitor who keeps a conversation: give consent (and get a resume code), withdraw it,
 * resume on any device, delete by code. Every one of them is rate-limited per client, because codes
 * and tokens are what someone guessing would try.
 */
import { Hono } from "hono";
import {
  CodeBody,
  ConsentBody,
  type ConsentResponse,
  type KeepTerms,
  ResumeBody,
  type ResumeResponse,
  TokenBody,
} from "../../schema/consent";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { config } from "../config";
import { keepChat } from "../flows/keep-chat";
import { resumeChat } from "../flows/resume-chat";
import { visitorHelpline } from "../helplines";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { logEvent } from "../log";
import { RESUME_INDEX_OBJECT } from "../resume-index";
import { clientTiers, limit } from "../rate-limit";
import { codeHash } from "../resume-code";
import { QUEUE_FULL_MESSAGE } from "../queue-entry";
import { chatIdParam } from "../chat-id";
import { refuseBlocked } from "../visitor-network";
const UNKNOWN_CODE = "This code is not known. Check it and try again.";

export const resumeRoutes = new Hono<AppEnv>()
  .get("/api/keep", async (c) => {
    const { retentionDays } = await c.env.DESK.getByName(visitorHelpline(c)).settings();
    const graceMinutes = Math.round(config(c.env).ABANDON_GRACE_SECONDS / 60);
    return c.json({ retentionDays, version: CONSENT_TEXT_VERSION, graceMinutes } satisfies KeepTerms);
  })
  .post("/api/chats/:id/keep", jsonBody(ConsentBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    await limit(c, "token");
    const body = await readBody(c);
    if (body.version !== CONSENT_TEXT_VERSION) fail(409, "conflict", "The text about keeping this chat has changed. Please read it again.");
    const result = await keepChat(c.env, id, body);
    if ("refused" in result) {
      if (result.refused === "unauthorized") fail(403, "forbidden", "This chat link is not valid.");
      if (result.refused === "gone") fail(404, "not_found", "This chat has ended.");
      fail(409, "conflict", "This chat is already kept.");
    }
    return c.json(result.kept satisfies ConsentResponse, 201);
  })
  .post("/api/chats/:id/withdraw", jsonBody(TokenBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    await limit(c, "token");
    const body = await readBody(c);
    const result = await c.env.CONVERSATION.getByName(id).withdraw(body.token);
    if (result === "unauthorized") fail(403, "forbidden", "This chat link is not valid.");
    if (result === "gone") fail(404, "not_found", "This chat has ended.");
    logEvent("consent.withdrawn");
    return c.body(null, 204);
  })
  .post("/api/resume", jsonBody(ResumeBody), async (c) => {
    await limit(c, "code");
    const body = await readBody(c);
    const result = await resumeChat(c.env, body.code, body.language, clientTiers(c));
    if ("refused" in result) {
      if (result.refused === "unknown") fail(404, "not_found", UNKNOWN_CODE);
      if (result.refused === "queue_full") fail(503, "queue_full", QUEUE_FULL_MESSAGE);
      refuseBlocked(result.helpline, result.until);
    }
    return c.json(result.resumed satisfies ResumeResponse);
  })
  .post("/api/resume/delete", jsonBody(CodeBody), async (c) => {
    await limit(c, "code");
    const body = await readBody(c);
    const hash = await codeHash(body.code);
    const conversationId = await c.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).find(hash);
    if (!conversationId || !(await c.env.CONVERSATION.getByName(conversationId).deleteByCode(hash))) fail(404, "not_found", UNKNOWN_CODE);
    logEvent("chat.deleted_by_code");
    return c.body(null, 204);
  });
