/**
 * Small-count protection for everything the dashboard shows (privacy rule 8).
 *
 * Cells: every count from 1 to 4 is shown as "<5", every larger count rounded to the nearest
 * multiple of 5, and zero stays zero.
 *
 * Totals (the headline counts, which the day-by-hour grid and the weekly trend add up to): why not
 * secondary suppression? Hiding extra cells would have to work in the grid and the trend at once,
 * and hiding two cells of 1 and 1 beside an exact total still gives both away. Why not simply
 * rounding the total? Because then "four cells of <5 under a total that rounds to 5" can only mean
 * four 1s; and withholding the total in that case is itself a tell. So a total is rounded to a block
 * of five values, and the blocks are counted from the smallest total that the shown cells allow
 * (every "<5" at 1, every rounded cell at its lowest), with a one-value last block merged into the
 * one before. The shown cells alone decide the blocks, so the block says nothing the cells did not;
 * and because every block holds at least two totals and neither ends at the smallest or largest
 * total the cells allow, no suppressed cell can be pinned down. The total is shown as the middle of
 * its block (so it is within 2 of the truth, 3 in a merged last block), or "<5" below 5.
 * test/worker/stats-suppress.test.ts checks this by brute force over every small group.
 */
import type { Shown } from "../schema/dashboard";

export const THRESHOLD = 5;
const BASE = 5;
export const SUPPRESSED: Shown = `<${THRESHOLD}`;

export function shown(count: number): Shown {
  if (count === 0) return 0;
  if (count < THRESHOLD) return SUPPRESSED;
  return Math.round(count / BASE) * BASE;
}

/** The interval someone who sees only `shown(count)` knows the count lies in. */
function knownRange(count: number): [number, number] {
  if (count === 0) return [0, 0];
  if (count < THRESHOLD) return [1, THRESHOLD - 1];
  const s = Math.round(count / BASE) * BASE;
  return [Math.max(THRESHOLD, s - Math.floor(BASE / 2)), s + Math.floor(BASE / 2)];
}

/**
 * A total that is the sum of each of `groups` (e.g. the grid and the weekly trend of the same chats),
 * shown so that it adds nothing to what the shown cells of the groups already tell.
 */
export function shownTotal(total: number, groups: readonly (readonly number[])[]): Shown {
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (const cells of groups) {
    const ranges = cells.map(knownRange);
    lo = Math.max(lo, ranges.reduce((sum, [l]) => sum + l, 0));
    hi = Math.min(hi, ranges.reduce((sum, [, h]) => sum + h, 0));
  }
  if (lo === hi) return shown(total);
  let start = lo + Math.floor((total - lo) / BASE) * BASE;
  let end = Math.min(start + BASE - 1, hi);
  if (start === hi) start -= BASE;
  if (end === hi - 1) end = hi;
  const middle = Math.round((start + end) / 2);
  return middle < THRESHOLD ? SUPPRESSED : middle;
}
