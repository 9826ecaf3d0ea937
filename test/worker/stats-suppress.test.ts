import { describe, expect, it } from "vitest";
import type { Shown } from "../../schema/dashboard";
import { shown, shownTotal } from "../../worker/suppress";

describe("small-count suppression", () => {
  it("shows 1 to 4 as <5, keeps 0, and rounds everything else to a multiple of 5", () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 100].map((n) => shown(n, 5))).toEqual([0, "<5", "<5", 5, 5, 10, 10, 15, 100]);
  });

  it("rounds a total to a block of five counted from the smallest total its cells allow", () => {
    // Cells shown 20, 15, 5 allow totals 36..46: blocks 36-40 and 41-46 (a one-value block merged).
    expect(shownTotal(40, [20, 15, 5], 5)).toBe(38);
    expect(shownTotal(36, [20, 15, 5], 5)).toBe(38);
    expect(shownTotal(41, [20, 15, 5], 5)).toBe(44);
    expect(shownTotal(46, [20, 15, 5], 5)).toBe(44);
    // Four cells of "<5" allow 4..16; a total of 4 must not show that all four are 1.
    expect(shownTotal(4, [1, 1, 1, 1], 5)).toBe(shownTotal(5, [1, 1, 2, 1], 5));
    expect(shownTotal(0, [0, 0], 5)).toBe(0);
  });

  /**
   * The property itself, by brute force: for every group of up to four cells with values 0..12
   * (whole rounding classes: 0, 1-4, 5-7, 8-12, so the range itself gives nothing away),
   * everyone who sees the shown total and shown cells must be left with at least two possible values
   * for every cell shown as "<5".
   */
  it("never lets the shown total and cells pin a suppressed cell", () => {
    const views = new Map<string, number[][]>();
    const groups: number[][] = [];
    for (let n = 1; n <= 4; n++) {
      const walk = (prefix: number[]) => {
        if (prefix.length === n) return groups.push(prefix);
        for (let v = 0; v <= 12; v++) walk([...prefix, v]);
      };
      walk([]);
    }
    for (const cells of groups) {
      const total = cells.reduce((a, b) => a + b, 0);
      const view: Shown[] = [shownTotal(total, cells, 5), ...cells.map((c) => shown(c, 5))];
      const key = JSON.stringify(view);
      views.set(key, [...(views.get(key) ?? []), cells]);
    }
    let checked = 0;
    for (const [key, candidates] of views) {
      const view = JSON.parse(key) as Shown[];
      view.slice(1).forEach((cell, i) => {
        if (cell !== "<5") return;
        const values = new Set(candidates.map((c) => c[i]));
        checked += 1;
        expect(values.size, `cell ${i} of view ${key}`).toBeGreaterThan(1);
      });
    }
    expect(checked).toBeGreaterThan(100);
  });
});
