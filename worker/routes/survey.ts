/**
 * The anonymous survey after a chat: the page spends its single-use ticket with one or two answers,
 * which go to the ticket's helpline's Stats as counts. Neither the chat's id nor its token is sent or
 * known here.
 */
import { Hono } from "hono";
import { SurveyBody } from "../../schema/survey";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { logEvent } from "../log";
import { limit } from "../rate-limit";
import { VISITORS_OBJECT } from "../limiter-shards";
import { surveyAnswered } from "../stats-events";

export const surveyRoutes = new Hono<AppEnv>().post("/api/survey", jsonBody(SurveyBody), async (c) => {
  const body = await readBody(c);
  await limit(c, "survey");
  const helpline = await c.env.RATE_LIMITER.getByName(VISITORS_OBJECT).spendSurveyTicket(body.ticket);
  if (helpline === null) fail(409, "conflict", "This survey was answered already or has expired.");
  await surveyAnswered(c.env, helpline, body);
  logEvent("survey.answered", {}, helpline);
  return c.body(null, 204);
});
