/**
 * Starts a chat as the worker asks: at once, as nearly every first start from a network goes; or,
 * when the worker wants work shown first (a busy network, a flood), with a fresh challenge solved on
 * this device (./proof-of-work.ts) and the start tried again.
 */
import type { StartChatBody } from "../../schema/http";
import { CHALLENGE_REFUSALS } from "../../schema/start-challenge";
import { type Answer, ApiFailure, call } from "../shared/client";
import { solve } from "./proof-of-work";

/** Challenges solved before the page gives up: a second one covers an expiry or a change of network. */
const ROUNDS = 3;
/** Work that takes less than this passes unannounced; longer, the page says "one moment". */
export const SLOW_MS = 300;

const isChallengeRefusal = (error: unknown) => error instanceof ApiFailure && (CHALLENGE_REFUSALS as readonly string[]).includes(error.body.error);

export async function startWithWork(
  helpline: string | null,
  body: Omit<StartChatBody, "proof">,
  onSlow: (slow: boolean) => void,
): Promise<Answer<"POST /api/chats">> {
  let proof: StartChatBody["proof"];
  for (let round = 0; ; round++) {
    try {
      return await call("POST /api/chats", { json: proof ? { ...body, proof } : body, helpline });
    } catch (error) {
      if (round === ROUNDS || !isChallengeRefusal(error)) throw error;
    }
    const { challenge, bits } = await call("POST /api/chats/challenge");
    const slow = setTimeout(() => onSlow(true), SLOW_MS);
    try {
      proof = { challenge, counter: await solve(challenge, bits) };
    } finally {
      clearTimeout(slow);
      onSlow(false);
    }
  }
}
