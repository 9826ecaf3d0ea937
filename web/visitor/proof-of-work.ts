/**
 * Finds a counter whose SHA-256 (with the challenge) starts with the challenge's zero bits, with
 * WebCrypto. Hashes are asked for in small batches and awaited, so the page keeps answering taps (the
 * quick exit above all) between batches.
 */
import { leadingZeroBits, proofInput } from "../../schema/start-challenge";

/** Digests in flight at once: enough to keep WebCrypto busy, few enough that a batch takes milliseconds. */
const BATCH = 128;

export async function solve(challenge: string, bits: number): Promise<number> {
  for (let base = 0; ; base += BATCH) {
    const digests = await Promise.all(Array.from({ length: BATCH }, (_, i) => crypto.subtle.digest("SHA-256", proofInput(challenge, base + i))));
    const found = digests.findIndex((digest) => leadingZeroBits(digest) >= bits);
    if (found >= 0) return base + found;
  }
}
