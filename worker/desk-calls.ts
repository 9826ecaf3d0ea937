/**
 * How the Desk calls a chat's Conversation object: every call goes through `callChat`, which asks once
 * more when a call throws (the object may have done the work before its answer was lost, so every call
 * it makes is safe to repeat) and answers FAILED when the second try throws too. The caller then
 * reconciles, each in the one way that fits its call:
 * - assign (accept): the chat goes back to waiting exactly as it stood, so it can be taken again;
 * - reassign (transfer): the previous counsellor holds it again, as the object still says;
 * - requeue (a disabled account): the chat stays waiting at the Desk, findable, as the object may still
 *   have it active; accepting it later asks the object again;
 * - closeSockets: nothing to undo; the sockets close anyway when their session ends (socket-expiry.ts);
 * - queuePosition: the visitor counts as not told, so the next change tells them again;
 * - isOpen (asked for the chats a console lists as held and, by the Desk's alarm, for every held chat,
 *   to heal a release the Conversation could not deliver; desk-sweep.ts): the chat is kept, as nobody
 *   could say it ended.
 */
import { logError } from "./log";

export const FAILED = Symbol("failed");
export type Failed = typeof FAILED;

type ChatObject = DurableObjectStub<import("./conversation").Conversation>;

export async function callChat<T>(
  env: Env,
  conversationId: string,
  what: string,
  call: (chat: ChatObject) => Promise<T>,
): Promise<T | Failed> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await call(env.CONVERSATION.getByName(conversationId));
    } catch (error) {
      logError(`desk.${what}_failed`, error);
    }
  }
  return FAILED;
}
