/** The Worker's side of the start's proof of work: asks the RateLimiter's gate (worker/start-gate.ts) and refuses with a typed 403. */
import type { Context } from "hono";
import type { StartChallenge, StartChatBody } from "../schema/http";
import type { ChallengeRefusal } from "../schema/start-challenge";
import { type AppEnv, fail } from "./http";
import { logEvent } from "./log";
import { clientTiers } from "./rate-limit";
import { VISITORS_OBJECT } from "./limiter-shards";

const REFUSED: Record<ChallengeRefusal, string> = {
  challenge_required: "Starts from this network must show a little work first: ask POST /api/chats/challenge.",
  challenge_expired: "The challenge expired. Ask for a new one.",
  challenge_invalid: "The challenge was not issued to this network. Ask for a new one.",
  challenge_spent: "The challenge was used before. Ask for a new one.",
  challenge_unsolved: "The proof does not solve the challenge. Ask for a new one.",
};

function gate(env: Env) {
  return env.RATE_LIMITER.getByName(VISITORS_OBJECT);
}

/** A challenge at this client's difficulty now (its network's and its wider tiers'). */
export async function issueChallenge<E extends AppEnv>(c: Context<E>): Promise<StartChallenge> {
  return gate(c.env).startChallenge(clientTiers(c));
}

/** Lets a start through when its client needs no work or its proof holds; else a typed 403. */
export async function requireWork<E extends AppEnv>(c: Context<E>, proof: StartChatBody["proof"]): Promise<void> {
  const refusal = await gate(c.env).passStart(clientTiers(c), proof);
  if (!refusal) return;
  // One event per kind and never the network: a flood shows as counts of refusals.
  logEvent(`chat.${refusal}`);
  fail(403, refusal, REFUSED[refusal]);
}
