/**
 * The proof of work a start may have to carry: what is hashed and how a hash is scored, shared by the
 * worker that checks a proof, the visitor page that finds one, the tests and the bench. Zod-free, so
 * the visitor page can import it without the validator.
 */

/** A challenge string as the worker issues it: nonce.expiresAt.bits.mac (base64url, ms, bits, base64url). */
export const CHALLENGE_PATTERN = /^([A-Za-z0-9_-]{22})\.(\d{13})\.(\d{1,2})\.([A-Za-z0-9_-]{43})$/;

/** The refusals that make the page fetch a fresh challenge, solve it and try the start again. */
export const CHALLENGE_REFUSALS = ["challenge_required", "challenge_expired", "challenge_invalid", "challenge_spent", "challenge_unsolved"] as const;
export type ChallengeRefusal = (typeof CHALLENGE_REFUSALS)[number];

/** What is hashed for a counter: the challenge, a colon, the counter in decimal (all ASCII, see CHALLENGE_PATTERN). */
export function proofInput(challenge: string, counter: number): Uint8Array<ArrayBuffer> {
  const text = `${challenge}:${counter}`;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** How many zero bits a digest starts with: the proof holds when that reaches the challenge's bits. */
export function leadingZeroBits(digest: ArrayBuffer): number {
  let bits = 0;
  for (const byte of new Uint8Array(digest)) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
