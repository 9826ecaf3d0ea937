/**
 * Small-count protection for everything the dashboard shows (privacy rule 8).
 *
 * Why rounding rather than secondary suppression: the dashboard shows the same chats several ways
 * (the total, a day-by-hour grid, a weekly trend), so one total sits above several groups of cells.
 * Secondary suppression would have to hide extra cells in every group at once, and hiding two cells
 * of 1 and 1 beside a total still gives both away. Instead every count is shown rounded to the
 * nearest multiple of 5 and every count from 1 to 4 as "<5", totals are rounded from the true sum
 * (never summed from the shown cells), and zero stays zero. A total minus the shown cells then only
 * bounds the hidden cells to a range, because each shown number carries an unknown error of up to 2.
 * In the rare group where that range still leaves one possible value for a hidden cell (say four
 * cells of "<5" under a total of "<5": all four must be 1), `pins` finds it and the total is hidden.
 */
import type { Shown } from "../schema/dashboard";

export const THRESHOLD = 5;
const BASE = 5;
/** How far a shown rounded count can be from the truth. */
const ERROR = Math.floor(BASE / 2);
export const SUPPRESSED: Shown = `<${THRESHOLD}`;
/** A total withheld because it, with its cells, would give a small count away. */
export const WITHHELD: Shown = "–";

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
  return [Math.max(THRESHOLD, s - ERROR), s + ERROR];
}

/**
 * Whether the shown total and the shown cells of a group (cells that add up to the total) let
 * someone work out the exact value of a suppressed cell.
 */
export function pins(total: number, cells: readonly number[]): boolean {
  const hidden = cells.filter((c) => c > 0 && c < THRESHOLD).length;
  if (hidden === 0) return false;
  const [totalLo, totalHi] = knownRange(total);
  let visibleLo = 0;
  let visibleHi = 0;
  for (const c of cells) {
    if (c === 0 || c >= THRESHOLD) {
      const [lo, hi] = knownRange(c);
      visibleLo += lo;
      visibleHi += hi;
    }
  }
  // The sum of the hidden cells, as far as the shown numbers tell.
  const lo = Math.max(hidden, totalLo - visibleHi);
  const hi = Math.min(hidden * (THRESHOLD - 1), totalHi - visibleLo);
  // One hidden cell is fixed only if all hidden cells are at their minimum or maximum, or if it is alone.
  return hi === hidden || lo === hidden * (THRESHOLD - 1) || (hidden === 1 && lo === hi);
}

/** A total shown over one or more groups of its cells; withheld if any group would pin a cell. */
export function shownTotal(total: number, groups: readonly (readonly number[])[]): Shown {
  return groups.some((cells) => pins(total, cells)) ? WITHHELD : shown(total);
}
