/**
 * A counsellor ends a chat and categorises it (POST /api/console/chats/:id/end): the chat ends if it is
 * still open and theirs (the Conversation tells the visitor and releases it at the Desk), then the
 * Desk settles one categorisation they owe and counts it, and the audit records the end. A chat that
 * already ended (the visitor left) left only the owed categorisation behind, which this settles.
 */
import type { Categorisation } from "../../schema/stats";
import { staffObject } from "../session";

export type EndChat = "categorised" | "not_yours" | "nothing_owed";

export async function endChat(env: Env, helpline: string, conversationId: string, staffId: string, categories: Categorisation): Promise<EndChat> {
  const desk = env.DESK.getByName(helpline);
  const holder = await desk.holder(conversationId);
  if (holder !== null && holder !== staffId) return "not_yours";
  if (holder !== null) await env.CONVERSATION.getByName(conversationId).endByCounsellor();
  // Counts only: nothing links the categories to the chat or the counsellor.
  if (!(await desk.categorise(staffId, categories.topic, categories.outcome))) return "nothing_owed";
  await staffObject(env).record(staffId, "end", helpline);
  return "categorised";
}
