/**
 * Finds a counter whose SHA-256 (with the challenge) starts with the challenge's zero bits, with
 * WebCrypto. Hashes are asked for in small batches, and every few batches the solver gives the page
 * a task of its own: digests resolve back to back, so without that a tap (the quick exit above all)
 * and the "one moment" text would wait for the whole proof.
 */
import { leadingZeroBits, proofInput } from "../../schema/start-challenge";

/** Digests in flight at once: enough to keep WebCrypto busy, few enough that a batch takes milliseconds. */
const BATCH = 128;
/** The longest the solver keeps the page busy before it lets input and rendering through. */
const YIELD_MS = 40;

export async function solve(challenge: string, bits: number): Promise<number> {
  let yielded = performance.now();
  for (let base = 0; ; base += BATCH) {
    const digests = await Promise.all(Array.from({ length: BATCH }, (_, i) => crypto.subtle.digest("SHA-256", proofInput(challenge, base + i))));
    const found = digests.findIndex((digest) => leadingZeroBits(digest) >= bits);
    if (found >= 0) return base + found;
    if (performance.now() - yielded > YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      yielded = performance.now();
    }
  }
}
