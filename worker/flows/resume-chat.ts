/**
 * A visitor resumes a kept chat with its code (POST /api/resume), on any device: the ResumeIndex finds
 * the chat, the RateLimiter checks the network against the chat's helpline's blocks, and the chat's
 * object takes the new token and, if it had ended, goes back in the queue (offered again, counted as
 * it enters: Desk.enqueue). Each refusal leaves everything as it was, the old token still working.
 */
import type { ResumeResponse } from "../../schema/consent";
import type { Language } from "../../schema/language";
import { randomToken, sha256Hex } from "../crypto";
import { logEvent } from "../log";
import { codeHash } from "../resume-code";
import { RESUME_INDEX_OBJECT } from "../resume-index";
import { admitNetwork } from "../visitor-network";
import type { TierPrefix } from "../client-prefix";

export type ResumeChat =
  | { resumed: ResumeResponse }
  | { refused: "unknown" }
  | { refused: "queue_full" }
  | { refused: "blocked"; helpline: string; until: number };

/** `client`: the tiers of the request's address (rate-limit.ts clientTiers). */
export async function resumeChat(env: Env, code: string, language: Language, client: TierPrefix[]): Promise<ResumeChat> {
  const hash = await codeHash(code);
  const conversationId = await env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).find(hash);
  if (!conversationId) return { refused: "unknown" };
  const token = randomToken(256);
  const conversation = env.CONVERSATION.getByName(conversationId);
  const home = await conversation.helpline();
  if (home === null) return { refused: "unknown" };
  const network = await admitNetwork(env, home, client);
  if ("blockedUntil" in network) return { refused: "blocked", helpline: home, until: network.blockedUntil };
  const resumed = await conversation.resume(hash, await sha256Hex(token), language, network.tag);
  if (resumed === "unknown") return { refused: "unknown" };
  // Nothing changed: the conversation stays parked, and the visitor's old token still works.
  if (resumed === "queue_full") return { refused: "queue_full" };
  // Barred by a counsellor's block for a while, from any network (stored in the chat itself).
  if ("blockedUntil" in resumed) return { refused: "blocked", helpline: home, until: resumed.blockedUntil };
  logEvent("chat.resumed", { reopened: resumed.reopened }, resumed.helpline);
  return { resumed: { conversationId, token, keptUntil: resumed.keptUntil } };
}
