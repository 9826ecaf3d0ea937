/**
 * Linked counts: suppression that holds across the whole report, not just within one group.
 *
 * suppress.ts protects one group (a split and its total). But groups bound each other: answered plus
 * abandoned chats are at most the offered ones, categorised chats at most the answered ones, topics
 * and outcomes are two splits of the same chats (the true counts keep these bounds by how they are
 * counted: worker/stats-events.ts, test/worker/count-once.test.ts). A bound from one group can push
 * another group's "<5" cells to the end of their range: two hour cells of "<5" (at most 8 together)
 * beside a week of 10 answered (at least 8) must both be 4. No rounding can prevent that on its own,
 * since a count can always sit at the edge of its interval; so each link is checked, and where it is
 * too tight the lower side is withheld.
 *
 * For a link "children add up to at most the parent", with L the least the children's shown figures
 * allow and M the most the parent's allow: a parent's "<5" cell can still be 1 with the other cells
 * at their most, and a child's "<5" cell can still be threshold - 1 with the other children at their
 * least, while L <= M - (threshold - 2). When L is larger and either side shows a suppressed figure,
 * the children are withheld (null), and with them everything linked below them and their siblings in
 * that link (whose bound would otherwise still meet the parent's). An `equal` link checks both ways.
 * The check reads only what the figures show, so publishing tells nothing more; withholding tells
 * that L was large, which bounds the parent from below by no more than the check allowed. This is an
 * argument, not a proof: test/worker/stats-suppress.test.ts checks by brute force over small linked
 * reports (the attacker knowing the algorithm and every link) that no "<5" is pinned to one value;
 * one check less tight (threshold - 3) fails it. Some "<5" cells are still narrowed, e.g. to 3 or 4.
 */
import type { Shown } from "../schema/dashboard";
import { type Range, knownRange, shown, suppressed, totalBlock } from "./suppress";

/** One published split of a count (a single count is a split of one cell), with or without its total. */
export type Family = { cells: readonly number[]; total: boolean };

/** A family, or some of its cells: a week's answered chats lie within the offered cells of its days. */
export type Part<K extends string> = K | { family: K; cells: readonly number[] };

/** The children's counts add up to at most the parent's; `equal` for two splits of the same count. */
export type Link<K extends string> = { parent: Part<K>; children: readonly Part<K>[]; equal?: boolean };

const familyOf = <K extends string>(part: Part<K>): K => (typeof part === "string" ? part : part.family);

/** What the report shows of a family, and the least its count can be given that; null when withheld. */
export type Published = { cells: Shown[]; total: Shown | null; least: number } | null;

type View = { cells: Shown[]; total: Shown | null; bounds: Range; small: boolean; ranges: Range[] };

const sumOf = (ranges: readonly Range[]): Range => [ranges.reduce((sum, [l]) => sum + l, 0), ranges.reduce((sum, [, h]) => sum + h, 0)];

function view(family: Family, threshold: number): View {
  const ranges = family.cells.map((cell) => knownRange(cell, threshold));
  const [lo, hi] = sumOf(ranges);
  const cells = family.cells.map((cell) => shown(cell, threshold));
  const total = family.total ? totalBlock(family.cells.reduce((a, b) => a + b, 0), family.cells, threshold) : null;
  const bounds: Range = total ? [Math.max(lo, total.block[0]), Math.min(hi, total.block[1])] : [lo, hi];
  const small = [...cells, total?.shown].some((s) => s === suppressed(threshold));
  return { cells, total: total?.shown ?? null, bounds, small, ranges };
}

export function publish<K extends string>(families: Record<K, Family>, links: readonly Link<K>[], threshold: number): Record<K, Published> {
  const keys = Object.keys(families) as K[];
  const views = Object.fromEntries(keys.map((k) => [k, view(families[k], threshold)])) as Record<K, View>;
  const slack = threshold - 2;
  // What the shown figures say of a part: its least and most, and whether its family shows a "<5"
  // (through the family's total, a bound on the part also bounds the family's other cells).
  const partView = (part: Part<K>): Pick<View, "bounds" | "small"> => {
    if (typeof part === "string") return views[part];
    const v = views[part.family];
    const [lo, hi] = sumOf(part.cells.map((i) => v.ranges[i] ?? [0, 0]));
    // The family's bounds, less what its other cells may hold, can say more than the part's own cells.
    const [restLo, restHi] = sumOf(v.ranges.filter((_, i) => !part.cells.includes(i)));
    return {
      bounds: [Math.max(lo, v.bounds[0] - restHi), Math.min(hi, v.bounds[1] - restLo)],
      small: v.small,
    };
  };
  const tooTight = (link: Link<K>): boolean => {
    const parent = partView(link.parent);
    const children = link.children.map(partView);
    if (children.length === 0 || (!parent.small && !children.some((c) => c.small))) return false;
    const least = children.reduce((sum, c) => sum + c.bounds[0], 0);
    const most = children.reduce((sum, c) => sum + c.bounds[1], 0);
    return least > parent.bounds[1] - slack || (link.equal === true && parent.bounds[0] > most - slack);
  };
  // Withholding only grows, so the order the links are visited in does not change the outcome.
  const withheld = new Set<K>(links.filter(tooTight).flatMap((l) => l.children.map(familyOf)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const link of links) {
      const children = link.children.map(familyOf);
      if (!withheld.has(familyOf(link.parent)) && !children.some((c) => withheld.has(c))) continue;
      for (const child of children) {
        if (withheld.has(child)) continue;
        withheld.add(child);
        grew = true;
      }
    }
  }
  return Object.fromEntries(
    keys.map((k) => [k, withheld.has(k) ? null : { cells: views[k].cells, total: views[k].total, least: views[k].bounds[0] }]),
  ) as Record<K, Published>;
}
