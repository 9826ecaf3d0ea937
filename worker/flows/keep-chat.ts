/**
 * A visitor consents to keep their chat (POST /api/chats/:id/keep): the chat's own helpline sets how
 * long, whatever page the request came from; the chat's object records the consent under a new resume
 * code's hash, and the ResumeIndex finds the chat by that hash from then on. The code itself is
 * returned once and kept nowhere.
 */
import type { ConsentResponse } from "../../schema/consent";
import { formatResumeCode } from "../../schema/resume-code";
import { DAY_MS } from "../local-time";
import { logEvent } from "../log";
import { codeHash, newResumeCode } from "../resume-code";
import { RESUME_INDEX_OBJECT } from "../resume-index";

export async function keepChat(
  env: Env,
  conversationId: string,
  consent: { token: string; version: string },
): Promise<{ kept: ConsentResponse } | { refused: "gone" | "unauthorized" | "already_kept" }> {
  const conversation = env.CONVERSATION.getByName(conversationId);
  const helpline = await conversation.helpline();
  if (helpline === null) return { refused: "gone" };
  const { retentionDays } = await env.DESK.getByName(helpline).settings();
  const code = newResumeCode();
  const hash = await codeHash(code);
  const keepUntil = Date.now() + retentionDays * DAY_MS;
  const result = await conversation.keep({ ...consent, codeHash: hash, keepUntil });
  if (result !== "kept") return { refused: result };
  await env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT).add(hash, conversationId, keepUntil);
  logEvent("consent.given", { retentionDays }, helpline);
  return { kept: { code: formatResumeCode(code), keptUntil: keepUntil, retentionDays } };
}
