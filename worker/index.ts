/**
 * The Baken worker: validates and authenticates every request, then hands it to a Durable Object
 * or serves a page. The routes are in app.ts, grouped by audience in routes/.
 */
import { app } from "./app";
import { inJurisdiction } from "./jurisdiction";

export { Conversation } from "./conversation";
export { Desk } from "./desk";
export { Staff } from "./staff";
export { Stats } from "./stats";
export { Outreach } from "./outreach";
export { RateLimiter } from "./rate-limiter";
export { ResumeIndex } from "./resume-index";
export { Handoffs } from "./handoffs";

export default {
  // Every route reaches the objects through this env, so each is created in the deployment's jurisdiction.
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, inJurisdiction(env), ctx),
} satisfies ExportedHandler<Env>;
