/**
 * A visitor starts a chat (POST /api/chats), once the route has seen the start's work and rate limit:
 * the outreach link (looked at, then used up), the network's block, the opening hours, room in the
 * queue, the helpline's start ceiling, and then the chat's own object. Each refusal is a typed answer
 * the route turns into HTTP; nothing is stored before the last step.
 */
import type { StartChatBody, StartChatResponse } from "../../schema/http";
import { mintChatId } from "../chat-id";
import { randomToken, sha256Hex } from "../crypto";
import { isHelpline } from "../helplines";
import { logEvent } from "../log";
import { openness } from "../opening-hours";
import { OUTREACH_OBJECT } from "../outreach";
import { triedOutsideHours } from "../stats-events";
import { admitNetwork } from "../visitor-network";
import type { TierPrefix } from "../client-prefix";

/** Where the start came from: an outreach link, whose helpline answers it, or the page's own helpline. */
export type StartFrom = { invite: string } | { helpline: string };

export type StartChat =
  | { started: StartChatResponse }
  | { refused: "link_gone" | "closed" | "queue_full" | "very_busy" }
  | { refused: "blocked"; helpline: string; until: number };

/** `client`: the tiers of the request's address (rate-limit.ts clientTiers), its network first. */
export async function startChat(env: Env, body: StartChatBody, from: StartFrom, client: TierPrefix[]): Promise<StartChat> {
  // The link, not the page, says which helpline's outreach team answers. It is looked at first and
  // used up only once the helpline is open, so a single-use link opened at night still works by day;
  // used up before the chat exists, so it starts one chat.
  const outreach = env.OUTREACH.getByName(OUTREACH_OBJECT);
  const helpline = "invite" in from ? await linkHelpline(env, from.invite) : from.helpline;
  if (helpline === null) return { refused: "link_gone" };
  const network = await admitNetwork(env, helpline, client);
  if ("blockedUntil" in network) return { refused: "blocked", helpline, until: network.blockedUntil };
  const desk = env.DESK.getByName(helpline);
  if (!openness(await desk.settings(), Date.now()).openNow) {
    await triedOutsideHours(env, helpline);
    return { refused: "closed" };
  }
  const invite = "invite" in from ? await outreach.redeem(from.invite) : undefined;
  if (invite === null) return { refused: "link_gone" };
  // Refused now when full, so the visitor hears it at once; the chat takes its place in the queue
  // only when its visitor says hello (Conversation.arrive), so starts nobody follows fill nothing.
  if (!(await desk.hasRoom())) {
    logEvent("chat.refused_queue_full", {}, helpline);
    return { refused: "queue_full" };
  }
  const admission = await desk.admitStart(network.tiers, body.inDanger === true);
  if (!admission.admitted) {
    logEvent("chat.refused_very_busy", {}, helpline);
    return { refused: "very_busy" };
  }
  // Said to be in danger from a tier that already had its urgent starts this hour: queued, not first.
  const urgencyCapped = body.inDanger === true && !admission.urgentFirst;
  const conversationId = await mintChatId(env);
  const token = randomToken(256);
  const arrival = { conversationId, inDanger: body.inDanger, language: body.language, ...(invite ? { invite } : {}), ...(urgencyCapped ? { urgencyCapped } : {}) };
  await env.CONVERSATION.getByName(conversationId).open({ conversationId, helpline, tokenHash: await sha256Hex(token), arrival, networkTag: network.tag });
  logEvent("chat.started", { inDanger: body.inDanger === true }, helpline);
  return { started: { conversationId, token } };
}

/** The helpline whose outreach team answers a link's chats, or null when the link no longer works. */
async function linkHelpline(env: Env, invite: string): Promise<string | null> {
  const link = await env.OUTREACH.getByName(OUTREACH_OBJECT).check(invite);
  return link && isHelpline(env, link.helpline) ? link.helpline : null;
}
