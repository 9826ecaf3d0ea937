import { describe, expect, it } from "vitest";
import type { Shown } from "../../schema/dashboard";
import { type Family, type Link, type Published, publish } from "../../worker/linked";
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

/**
 * Linked groups, by brute force: every raw report of a small size that satisfies the links is
 * published, the reports are grouped by what they publish (so the attacker knows the algorithm and
 * every link), and within each group every figure shown as "<5" must still have at least two values.
 */
type Raw<K extends string> = Record<K, number[]>;

function linkedViews<K extends string>(raws: Raw<K>[], totals: Record<K, boolean>, links: readonly Link<K>[], threshold = 5) {
  const small = `<${threshold}`;
  const groups = new Map<string, Raw<K>[]>();
  const keys = Object.keys(totals) as K[];
  for (const raw of raws) {
    const families = Object.fromEntries(keys.map((k): [K, Family] => [k, { cells: raw[k], total: totals[k] }])) as Record<K, Family>;
    const key = JSON.stringify(publish(families, links, threshold));
    groups.set(key, [...(groups.get(key) ?? []), raw]);
  }
  let checked = 0;
  let withheld = 0;
  for (const [key, candidates] of groups) {
    const published = JSON.parse(key) as Record<K, Published>;
    for (const [k, figures] of Object.entries(published) as [K, Published][]) {
      if (figures === null) {
        withheld += 1;
        continue;
      }
      const values = (pick: (raw: Raw<K>) => number) => new Set(candidates.map(pick)).size;
      figures.cells.forEach((cell, i) => {
        if (cell !== small) return;
        checked += 1;
        const n = values((raw) => raw[k][i] ?? -1);
        expect(n, `cell ${i} of ${k} in ${key}`).toBeGreaterThan(1);
      });
      if (figures.total === small) {
        checked += 1;
        const n = values((raw) => raw[k].reduce((a, b) => a + b, 0));
        expect(n, `total of ${k} in ${key}`).toBeGreaterThan(1);
      }
    }
  }
  return { checked, withheld };
}

const upTo = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
/** Cell values 0 to 12 are whole rounding classes (0, 1-4, 5-7, 8-12): the edge of the search tells nothing. */
const CELL = 12;

describe("suppression across linked groups", () => {
  it("answered plus abandoned within offered cannot pin an hour or a week", () => {
    // Offered in two hour cells with its total; answered and abandoned over one or two weeks with totals.
    const raws: Raw<"offered" | "answered" | "abandoned">[] = [];
    for (const g1 of upTo(CELL)) for (const g2 of upTo(CELL)) {
      const offered = g1 + g2;
      for (const a1 of upTo(Math.min(CELL, offered))) for (const a2 of upTo(Math.min(CELL, offered - a1))) for (const b of upTo(Math.min(CELL, offered - a1 - a2))) {
        raws.push({ offered: [g1, g2], answered: [a1, a2], abandoned: [b] });
      }
    }
    const links = [{ parent: "offered", children: ["answered", "abandoned"] }] as const;
    for (const threshold of [5, 10]) {
      const result = linkedViews(raws, { offered: true, answered: true, abandoned: true }, links, threshold);
      expect(result.checked).toBeGreaterThan(400);
      expect(result.withheld).toBeGreaterThan(0);
    }
    // The audit's example: two hours of 4 and one week of 8 answered.
    const example = publish(
      { offered: { cells: [4, 4], total: true }, answered: { cells: [8, 0], total: true }, abandoned: { cells: [0], total: true } },
      [{ parent: "offered", children: ["answered", "abandoned"] }],
      5,
    );
    expect(example.offered?.cells).toEqual(["<5", "<5"]);
    expect(example.answered).toBeNull();
  });

  it("a week the range holds only part of cannot pin the hours of its days", () => {
    // Two weekdays: one hour on the first (0 to 4, whole classes too), two on the second. The second
    // week holds only the second weekday, so its answered chats lie within those two cells as well.
    const raws: Raw<"offered" | "answered">[] = [];
    for (const g1 of upTo(4)) for (const g2 of upTo(CELL)) for (const g3 of upTo(CELL)) {
      // The partial week's cell may reach the class 13-17, as two offered cells can hold that many.
      for (const a2 of upTo(Math.min(17, g2 + g3))) for (const a1 of upTo(Math.min(CELL, g1 + g2 + g3 - a2))) {
        raws.push({ offered: [g1, g2, g3], answered: [a1, a2] });
      }
    }
    const links = [
      { parent: "offered", children: ["answered"] },
      { parent: { family: "offered", cells: [1, 2] }, children: [{ family: "answered", cells: [1] }] },
    ] as const;
    const result = linkedViews(raws, { offered: true, answered: true }, links);
    expect(result.checked).toBeGreaterThan(400);
    expect(result.withheld).toBeGreaterThan(0);
  });

  it("topics, outcomes and answered chats cannot pin one another", () => {
    const raws: Raw<"answered" | "topics" | "outcomes">[] = [];
    // Answered is one cell up to 27, the top of the class 23-27, so it can hold any two topics.
    for (const t1 of upTo(CELL)) for (const t2 of upTo(CELL)) for (const u1 of upTo(Math.min(CELL, t1 + t2))) {
      if (t1 + t2 - u1 > CELL) continue;
      for (const answered of upTo(27)) if (answered >= t1 + t2) raws.push({ answered: [answered], topics: [t1, t2], outcomes: [u1, t1 + t2 - u1] });
    }
    const result = linkedViews(raws, { answered: true, topics: false, outcomes: false }, [
      { parent: "answered", children: ["topics"] },
      { parent: "topics", children: ["outcomes"], equal: true },
    ]);
    expect(result.checked).toBeGreaterThan(200);
    expect(result.withheld).toBeGreaterThan(0);
    // The limit the old code admitted: one topic of 8 (shown 10) beside two outcomes of 4.
    const example = publish(
      { answered: { cells: [20], total: true }, topics: { cells: [8, 0], total: false }, outcomes: { cells: [4, 4], total: false } },
      [{ parent: "answered", children: ["topics"] }, { parent: "topics", children: ["outcomes"], equal: true }],
      5,
    );
    expect(example.topics?.cells).toEqual([10, 0]);
    expect(example.outcomes).toBeNull();
  });

  it("outreach counts per channel cannot pin each other or the chats they belong to", () => {
    type K = "offered" | "answered" | "abandoned" | "opened" | "started" | "invited";
    const raws: Raw<K>[] = [];
    for (const offered of upTo(CELL)) for (const answered of upTo(offered)) for (const abandoned of upTo(offered - answered)) {
      for (const opened of upTo(CELL)) for (const started of upTo(Math.min(opened, offered))) for (const invited of upTo(Math.min(started, answered))) {
        raws.push({ offered: [offered], answered: [answered], abandoned: [abandoned], opened: [opened], started: [started], invited: [invited] });
      }
    }
    const result = linkedViews(raws, { offered: true, answered: true, abandoned: true, opened: false, started: false, invited: false }, [
      { parent: "offered", children: ["answered", "abandoned"] },
      { parent: "offered", children: ["started"] },
      { parent: "answered", children: ["invited"] },
      { parent: "opened", children: ["started"] },
      { parent: "started", children: ["invited"] },
    ]);
    expect(result.checked).toBeGreaterThan(500);
    expect(result.withheld).toBeGreaterThan(0);
  });

  it("the whole chain, offered to answered to topics and outcomes, cannot pin anything either", () => {
    type K = "offered" | "answered" | "abandoned" | "topics" | "outcomes";
    const raws: Raw<K>[] = [];
    for (const offered of upTo(CELL)) for (const answered of upTo(offered)) for (const abandoned of upTo(offered - answered)) {
      for (const t1 of upTo(answered)) for (const t2 of upTo(answered - t1)) for (const u1 of upTo(t1 + t2)) {
        raws.push({ offered: [offered], answered: [answered], abandoned: [abandoned], topics: [t1, t2], outcomes: [u1, t1 + t2 - u1] });
      }
    }
    const result = linkedViews(raws, { offered: true, answered: true, abandoned: true, topics: false, outcomes: false }, [
      { parent: "offered", children: ["answered", "abandoned"] },
      { parent: "answered", children: ["topics"] },
      { parent: "topics", children: ["outcomes"], equal: true },
    ]);
    expect(result.checked).toBeGreaterThan(500);
    expect(result.withheld).toBeGreaterThan(0);
  });
});
