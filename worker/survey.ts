/**
 * The survey ticket a chat's end hands its visitor: only when one of its parties ended a chat a
 * counsellor had answered and the visitor is there to see it (not while waiting, not after a quick
 * exit, a block, an abandoned or deleted chat).
 */
import type { EndReason } from "../schema/protocol";
import { logError } from "./log";
import { VISITORS_OBJECT } from "./limiter-shards";

export async function surveyTicket(env: Env, helpline: string, by: EndReason, visitorAnswered: boolean): Promise<string | undefined> {
  if (!visitorAnswered || (by !== "visitor" && by !== "counsellor")) return undefined;
  try {
    return await env.RATE_LIMITER.getByName(VISITORS_OBJECT).issueSurveyTicket(helpline);
  } catch (error) {
    // No survey is better than a chat that cannot end.
    logError("survey.ticket_failed", error);
    return undefined;
  }
}
