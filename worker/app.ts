/**
 * The Baken app: security headers, the Origin check, every route by audience (routes/), and typed
 * errors. Its own module so tests can list its routes (the authorisation matrix's guard).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ApiError } from "../schema/http";
import { type AppEnv, fail, sameOrigin, securityHeaders } from "./http";
import { logError } from "./log";
import { adminRoutes } from "./routes/admin";
import { visitorRoutes } from "./routes/visitor";
import { dashboardRoutes } from "./routes/dashboard";
import { detailsRoutes } from "./routes/details";
import { resumeRoutes } from "./routes/resume";
import { consoleRoutes, staffRoutes } from "./routes/staff";
import { inviteRoutes, outreachRoutes } from "./routes/outreach";
import { embedRoutes } from "./routes/embed";
import { healthRoutes } from "./routes/health";
import { safeguardingRoutes } from "./routes/safeguarding";
import { blockRoutes } from "./routes/blocks";
import { surveyRoutes } from "./routes/survey";
import { wellbeingRoutes } from "./routes/wellbeing";
import { handoffLookupRoutes, handoffRoutes } from "./routes/handoff";

export const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .use(sameOrigin)
  .route("/", healthRoutes)
  .route("/", visitorRoutes)
  .route("/", staffRoutes)
  .route("/", consoleRoutes)
  .route("/", adminRoutes)
  .route("/", outreachRoutes)
  .route("/", inviteRoutes)
  .route("/", embedRoutes)
  .route("/", dashboardRoutes)
  .route("/", resumeRoutes)
  .route("/", detailsRoutes)
  .route("/", safeguardingRoutes)
  .route("/", blockRoutes)
  .route("/", surveyRoutes)
  .route("/", wellbeingRoutes)
  .route("/", handoffRoutes)
  .route("/", handoffLookupRoutes)
  .all("/api/*", () => fail(404, "not_found", "No such endpoint."))
  .all("/ws/*", () => fail(404, "not_found", "No such endpoint."))
  .all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

/** The routes with their answers' types, for the pages' typed calls (web/shared/client.ts). */
export type AppType = typeof app;

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  logError("http.unhandled", error);
  return c.json({ error: "internal", message: "Something went wrong." } satisfies ApiError, 500);
});

