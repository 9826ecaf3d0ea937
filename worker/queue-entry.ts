/**
 * A chat entering its helpline's queue: on the visitor's first hello, or when a kept chat that had
 * ended is resumed. The Desk counts each entry as one offer as it takes the chat in (Desk.enqueue).
 */
import type { Enqueue } from "../schema/desk";

/** What a visitor is told when there is no place in the queue, whichever way they came. */
export const QUEUE_FULL_MESSAGE = "All counsellors are busy and the queue is full. Please try again in a few minutes.";

/** Puts the chat in the queue, counted offered; false, with nothing counted, when the queue is full. */
export async function enterQueue(env: Env, helpline: string, chat: Enqueue): Promise<boolean> {
  return (await env.DESK.getByName(helpline).enqueue(chat)) !== null;
}
