/**
 * A chat entering its helpline's queue: on the visitor's first hello, or when a kept chat that had
 * ended is resumed. Each entry is one offer, so it is counted here and nowhere else: the dashboard's
 * "answered ≤ offered" (linked.ts) holds only if every way into the queue counts exactly once.
 */
import type { Enqueue } from "../schema/desk";
import { count } from "./counting";

/** What a visitor is told when there is no place in the queue, whichever way they came. */
export const QUEUE_FULL_MESSAGE = "All counsellors are busy and the queue is full. Please try again in a few minutes.";

/** Puts the chat in the queue and counts it offered; false, with nothing counted, when the queue is full. */
export async function enterQueue(env: Env, helpline: string, chat: Enqueue): Promise<boolean> {
  if (!(await env.DESK.getByName(helpline).enqueue(chat))) return false;
  await count(env, helpline, (stats) => stats.increment("chat_offered"));
  return true;
}
