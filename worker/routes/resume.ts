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
import { CONSENT_TEXT_VERSION, formatResumeCode } from "../../schema/resume-code";
import { config } from "../config";
import { visitorHelpline } from "../helplines";
import { randomToken, sha256Hex } from "../crypto";
import { type AppEnv, fail, readJson } from "../http";
import { logEvent } from "../log";
import { RESUME_INDEX_OBJECT } from "../resume-index";
import { limit } from "../rate-limit";
import { codeHash, newResumeCode } from "../resume-code";
import { QUEUE_FULL_MESSAGE } from "../queue-entry";
import { conversationIdParam } from "../sockets";
import { admitNetwork, refuseBlocked } from "../visitor-network";

const DAY_MS = 86_400_000;
const UNKNOWN_CODE = "This code is not known. Check it and try again.";

export const resumeRoutes = new Hono<AppEnv>()
  .get("/api/keep", async (c) => {
    const { retentionDays } = await c.env.DESK.getByName(visitorHelpline(c)).settings();
    const graceMinutes = Math.round(config(c.env).ABANDON_GRACE_SECONDS / 60);
    return c.json({ retentionDays, version: CONSENT_TEXT_VERSION, graceMinutes } satisfies KeepTerms);
  })
  .post("/api/chats/:id/keep", async (c) => {
    await limit(c, "token");
    const id = conversationIdParam(c.req.param("id"));
    const body = await readJson(c, ConsentBody);
    if (body.version !== CONSENT_TEXT_VERSION) fail(409, "conflict", "The text about keeping this chat has changed. Please read it again.");
    const conversation = c.env.CONVERSATION.getByName(id);
    // The chat's own helpline sets how long it is kept, whatever page the request came from.
    const helpline = await conversation.helpline();
    if (helpline === null) fail(404, "not_found", "This chat has ended.");
    const { retentionDays } = await c.env.DESK.getByName(helpline).settings();
    const code = newResumeCode();
    const hash = await codeHash(code);
    const keepUntil = Date.now() + retentionDays * DAY_MS;
    const result = await conversation.keep({ token: body.token, version: body.version, codeHash: hash, keepUntil });
    if (result === "unauthorized") fail(403, "forbidden", "This chat link is not valid.");
    if (result === "gone") fail(404, "not_found", "This chat has ended.");
    if (result === "already_kept") fail(409, "conflict", "This chat is already kept.");
    await c.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).add(hash, id, keepUntil);
    logEvent("consent.given", { retentionDays }, helpline);
    return c.json({ code: formatResumeCode(code), keptUntil: keepUntil, retentionDays } satisfies ConsentResponse, 201);
  })
  .post("/api/chats/:id/withdraw", async (c) => {
    await limit(c, "token");
    const id = conversationIdParam(c.req.param("id"));
    const body = await readJson(c, TokenBody);
    const result = await c.env.CONVERSATION.getByName(id).withdraw(body.token);
    if (result === "unauthorized") fail(403, "forbidden", "This chat link is not valid.");
    if (result === "gone") fail(404, "not_found", "This chat has ended.");
    logEvent("consent.withdrawn");
    return c.body(null, 204);
  })
  .post("/api/resume", async (c) => {
    await limit(c, "code");
    const body = await readJson(c, ResumeBody);
    const hash = await codeHash(body.code);
    const conversationId = await c.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).find(hash);
    if (!conversationId) fail(404, "not_found", UNKNOWN_CODE);
    const token = randomToken(256);
    const conversation = c.env.CONVERSATION.getByName(conversationId);
    const home = await conversation.helpline();
    if (home === null) fail(404, "not_found", UNKNOWN_CODE);
    const network = await admitNetwork(c, home);
    const resumed = await conversation.resume(hash, await sha256Hex(token), body.language, network);
    if (resumed === "unknown") fail(404, "not_found", UNKNOWN_CODE);
    // Nothing changed: the conversation stays parked, and the visitor's old token still works.
    if (resumed === "queue_full") fail(503, "queue_full", QUEUE_FULL_MESSAGE);
    // Barred by a counsellor's block for a while: nothing changed, the old token still works.
    if ("blockedUntil" in resumed) refuseBlocked(home, resumed.blockedUntil);
    // Back in the queue it was offered again (counted as it entered, queue-entry.ts).
    logEvent("chat.resumed", { reopened: resumed.reopened }, resumed.helpline);
    return c.json({ conversationId, token, keptUntil: resumed.keptUntil } satisfies ResumeResponse);
  })
  .post("/api/resume/delete", async (c) => {
    await limit(c, "code");
    const body = await readJson(c, CodeBody);
    const hash = await codeHash(body.code);
    const conversationId = await c.env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).find(hash);
    if (!conversationId || !(await c.env.CONVERSATION.getByName(conversationId).deleteByCode(hash))) fail(404, "not_found", UNKNOWN_CODE);
    logEvent("chat.deleted_by_code");
    return c.body(null, 204);
  });
