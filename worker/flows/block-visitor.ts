/**
 * A counsellor blocks the visitor of a chat they hold (POST /api/console/chats/:id/block): the chat
 * ends and bars its resume for a kept chat, the RateLimiter blocks the network's keyed hash, Stats
 * counts one visitor blocked, and the audit records it with the helpline only. Lifting a block
 * (POST /api/console/blocks/:id/lift) undoes both bars.
 */
import type { BlockResult } from "../../schema/block";
import type { StaffMember } from "../../schema/staff";
import { VISITORS_OBJECT } from "../limiter-shards";
import { logEvent } from "../log";
import { staffObject } from "../session";
import { visitorBlocked } from "../stats-events";

export async function blockVisitor(
  env: Env,
  helpline: string,
  conversationId: string,
  staff: StaffMember,
  minutes: number,
): Promise<{ blocked: BlockResult } | { refused: "not_yours" | "not_open" }> {
  if ((await env.DESK.getByName(helpline).holder(conversationId)) !== staff.id) return { refused: "not_yours" };
  const until = Date.now() + minutes * 60_000;
  const chat = await env.CONVERSATION.getByName(conversationId).blockVisitor(staff.id, until);
  if (!chat) return { refused: "not_open" };
  const set = await env.RATE_LIMITER.getByName(VISITORS_OBJECT).block({
    helpline,
    network: chat.network,
    until,
    byName: staff.displayName,
    keptChat: chat.kept ? conversationId : null,
  });
  await visitorBlocked(env, helpline);
  await staffObject(env).record(staff.id, "visitor_blocked", helpline);
  logEvent("chat.visitor_blocked", { minutes, network: set?.network === true, resume: chat.kept }, helpline);
  return { blocked: { until, network: set?.network === true, resume: chat.kept } };
}

/** A supervisor lifts a block: false when it ended or was lifted already. */
export async function liftBlock(env: Env, helpline: string, blockId: string, staffId: string): Promise<boolean> {
  const lifted = await env.RATE_LIMITER.getByName(VISITORS_OBJECT).liftBlock(helpline, blockId);
  if (!lifted) return false;
  if (lifted.keptChat) await env.CONVERSATION.getByName(lifted.keptChat).liftResumeBlock();
  await staffObject(env).record(staffId, "block_lifted", helpline);
  logEvent("chat.block_lifted", {}, helpline);
  return true;
}
