/**
 * Blocking an abusive visitor without knowing who they are: by the keyed hash of the network that
 * started the chat (which lives only as long as the RateLimiter's daily key), and for a kept chat by
 * its resume identity. Bodies and answers of the console's block routes.
 */
import * as z from "zod/mini";

/** The lengths a counsellor may choose, in minutes: at most 24 hours. */
export const BLOCK_MINUTES = [60, 240, 1440] as const;

export const BlockBody = z.strictObject({
  minutes: z.union([z.literal(BLOCK_MINUTES[0]), z.literal(BLOCK_MINUTES[1]), z.literal(BLOCK_MINUTES[2])]),
});
export type BlockBody = z.infer<typeof BlockBody>;

export const BlockResult = z.object({
  /** When the block ends (epoch ms), unless the day's network key changes first (midnight UTC). */
  until: z.number(),
  /** The network is blocked: false when the day's key changed since the chat started, so its hash no longer matches anything. */
  network: z.boolean(),
  /** The kept chat cannot be resumed until `until`. */
  resume: z.boolean(),
});
export type BlockResult = z.infer<typeof BlockResult>;

/** One block as a supervisor sees it: never the network, its hash or the chat. */
export const ActiveBlock = z.object({
  id: z.string(),
  until: z.number(),
  /** Display name of who set it. */
  by: z.string(),
  network: z.boolean(),
  resume: z.boolean(),
});
export type ActiveBlock = z.infer<typeof ActiveBlock>;
export const ActiveBlocks = z.object({ blocks: z.array(ActiveBlock) });
export type ActiveBlocks = z.infer<typeof ActiveBlocks>;

/** A block's id in a lift route: random, URL-safe. */
export const BLOCK_ID = /^[A-Za-z0-9_-]{16,64}$/;
