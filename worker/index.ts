/**
 * The Baken worker: validates and authenticates every request, then hands it to a Durable Object
 * or serves a page. Routes are grouped by audience in routes/.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ApiError } from "../schema/http";
import { type AppEnv, fail, sameOrigin, securityHeaders } from "./http";
import { logError } from "./log";
import { adminRoutes } from "./routes/admin";
import { visitorRoutes } from "./routes/visitor";
import { consoleRoutes, staffRoutes } from "./routes/staff";

export { Conversation } from "./conversation";
export { Desk } from "./desk";
export { Staff } from "./staff";
export { Stats } from "./stats";

const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .use(sameOrigin)
  .get("/api/health", (c) => c.json({ ok: true }))
  .route("/", visitorRoutes)
  .route("/", staffRoutes)
  .route("/", consoleRoutes)
  .route("/", adminRoutes)
  .all("/api/*", () => fail(404, "not_found", "No such endpoint."))
  .all("/ws/*", () => fail(404, "not_found", "No such endpoint."))
  .all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  logError("http.unhandled", error);
  return c.json({ error: "internal", message: "Something went wrong." } satisfies ApiError, 500);
});

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
