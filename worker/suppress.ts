/**
 * Small-count protection for everything the dashboard shows (privacy rule 8).
 *
 * Cells: every count from 1 to threshold - 1 (a helpline setting, at least 5) is shown as "<5"
 * (for the default threshold), every larger count rounded to the nearest multiple of 5, and zero
 * stays zero.
 *
 * Totals (the headline counts, which the day-by-hour grid or the weekly trend add up to): why not
 * secondary suppression? Hiding two cells of 1 and 1 beside an exact total still gives both away,
 * and every extra hidden cell costs the coordinators a number. Why not simply
 * rounding the total? Because then "four cells of <5 under a total that rounds to 5" can only mean
 * four 1s; and withholding the total in that case is itself a tell. So a total is rounded to a block
 * of five values, and the blocks are counted from the smallest total that the shown cells allow
 * (every "<5" at 1, every rounded cell at its lowest), with a one-value last block merged into the
 * one before. The shown cells alone decide the blocks, so the block says nothing the cells did not;
 * and because every block holds at least two totals and neither ends at the smallest or largest
 * total the cells allow, no suppressed cell can be pinned down. The total is shown as the middle of
 * its block (so it is within 2 of the truth, 3 in a merged last block), or "<5" below 5 (every
 * block whose middle is below the threshold shows the same "<5", so together they are what is known).
 * test/worker/stats-suppress.test.ts checks this by brute force over every small group. This holds
 * within one group; groups that bound each other are checked together in linked.ts.
 */
import type { Shown } from "../schema/dashboard";

/** Counts are rounded to multiples of this; the threshold (a helpline setting) is at least as large. */
const BASE = 5;

/** How a count below the threshold is shown: "<5" for the default threshold. */
export const suppressed = (threshold: number): Shown => `<${threshold}`;

export function shown(count: number, threshold: number): Shown {
  if (count === 0) return 0;
  if (count < threshold) return suppressed(threshold);
  return Math.round(count / BASE) * BASE;
}

/** The interval someone who sees only `shown(count)` knows the count lies in. */
export function knownRange(count: number, threshold: number): Range {
  if (count === 0) return [0, 0];
  if (count < threshold) return [1, threshold - 1];
  const s = Math.round(count / BASE) * BASE;
  return [Math.max(threshold, s - Math.floor(BASE / 2)), s + Math.floor(BASE / 2)];
}

export type Range = readonly [number, number];

/**
 * A total that is the sum of `cells`, shown so that it adds nothing to what the shown cells tell, and
 * its block: the totals someone who sees it beside the shown cells cannot tell apart.
 *
 * One total, one group: two different splits of the same chats (say by hour and by week) would each
 * bound the total, and where one split's bound meets the other's extreme, its "<5" cells are pinned
 * with no total shown at all. So the report never splits one count two ways; counts that bound each
 * other (answered within offered) are checked together in linked.ts.
 */
export function totalBlock(total: number, cells: readonly number[], threshold: number): { shown: Shown; block: Range } {
  const ranges = cells.map((cell) => knownRange(cell, threshold));
  const lo = ranges.reduce((sum, [l]) => sum + l, 0);
  const hi = ranges.reduce((sum, [, h]) => sum + h, 0);
  if (lo === hi) return { shown: shown(total, threshold), block: [lo, hi] };
  const blockAt = (value: number): Range => {
    let start = lo + Math.floor((value - lo) / BASE) * BASE;
    let end = Math.min(start + BASE - 1, hi);
    if (start === hi) start -= BASE;
    if (end === hi - 1) end = hi;
    return [start, end];
  };
  const middle = ([start, end]: Range) => Math.round((start + end) / 2);
  const block = blockAt(total);
  if (middle(block) >= threshold) return { shown: middle(block), block };
  // Every block whose middle is below the threshold shows the same "<T": together they are what is known.
  let end = block[1];
  while (end < hi && middle(blockAt(end + 1)) < threshold) end = blockAt(end + 1)[1];
  return { shown: suppressed(threshold), block: [lo, end] };
}

export const shownTotal = (total: number, cells: readonly number[], threshold: number): Shown => totalBlock(total, cells, threshold).shown;
