/**
 * The Desk's start window on its own clock (worker/start-window.ts): the urgency cap holds for every
 * tier of an address, so /64s of one /48 or addresses of one IPv4 /24 share one cap; the flood the
 * console shows is the busiest minute of the helpline's starts from every network together.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type TierKey, addressTiers } from "../../worker/client-prefix";
import { FLOOD_MINUTES, FLOOD_SHOWN_PER_MINUTE } from "../../schema/desk";
import { StartWindow, busiestMinute, goesFirst } from "../../worker/start-window";

const T0 = Date.UTC(2026, 5, 1, 12);
const LIMITS = { perMinute: 1000, urgentFirstPerHour: 3 };

/** The tiers of an address as the RateLimiter tags them for the Desk; here each prefix stands in for its tag. */
function tags(address: string): TierKey[] {
  return addressTiers(address).map(({ tier, prefix }) => ({ tier, key: `tag of ${prefix}` }));
}

/** A window on a Desk's storage of its own (its own day's key and rows), on the test's clock. */
function onOwnWindow(test: (window: StartWindow) => Promise<void>): Promise<void> {
  return runInDurableObject(env.DESK.getByName(`window-${crypto.randomUUID()}`), (_obj, state) => test(new StartWindow(state.storage.sql)));
}

/** Whether each of these urgent starts went first, one a second from `at`. */
async function urgentStarts(window: StartWindow, addresses: string[], at = T0): Promise<boolean[]> {
  const first: boolean[] = [];
  for (const [i, address] of addresses.entries()) {
    const admission = await window.admit(tags(address), true, LIMITS, at + i * 1000);
    if (!admission.admitted) throw new Error("refused");
    first.push(admission.urgentFirst);
  }
  return first;
}

describe("goesFirst", () => {
  it("lets an urgent start go first only while every tier is under the cap", () => {
    expect(goesFirst([0, 0, 0], 3)).toBe(true);
    expect(goesFirst([2, 2, 2], 3)).toBe(true);
    expect(goesFirst([0, 0, 3], 3)).toBe(false);
    expect(goesFirst([0], 0)).toBe(false);
  });
});

describe("the urgency cap per tier", () => {
  it("puts only the first few first from /64s of one /48, each in a /56 of its own; another /48 still goes first", () =>
    onOwnWindow(async (window) => {
      const flood = Array.from({ length: 8 }, (_, i) => `2001:db8:48:${(i << 8).toString(16)}::1`);
      expect(await urgentStarts(window, flood)).toEqual([true, true, true, false, false, false, false, false]);
      expect(await urgentStarts(window, ["2001:db8:49:1::1"], T0 + 10_000)).toEqual([true]);
    }));

  it("shares one cap among /64s of one /56", () =>
    onOwnWindow(async (window) => {
      expect(await urgentStarts(window, ["2001:db8:56:101::1", "2001:db8:56:102::1", "2001:db8:56:1ff::1", "2001:db8:56:1a0::1"])).toEqual([true, true, true, false]);
    }));

  it("shares one cap among the addresses of one IPv4 /24, and counts an IPv4-mapped address as IPv4", () =>
    onOwnWindow(async (window) => {
      expect(await urgentStarts(window, ["198.51.100.1", "198.51.100.2", "::ffff:198.51.100.3", "198.51.100.4"])).toEqual([true, true, true, false]);
      expect(await urgentStarts(window, ["198.51.101.4"], T0 + 10_000)).toEqual([true]);
    }));

  it("lets a tier's urgent starts go first again an hour after they went", () =>
    onOwnWindow(async (window) => {
      const block = (i: number) => `2001:db8:60:${(i << 8).toString(16)}::1`;
      expect(await urgentStarts(window, [0, 1, 2, 3].map(block))).toEqual([true, true, true, false]);
      expect(await urgentStarts(window, [4].map(block), T0 + 3_600_000 + 3000)).toEqual([true]);
    }));
});

describe("the flood the console shows", () => {
  it("is the busiest minute's count of starts from every network together", () => {
    expect(busiestMinute([])).toBe(0);
    expect(busiestMinute([0, 59_999, 60_000, 119_999, 120_000])).toBe(2);
    expect(busiestMinute([5000, 1000, 3000, 200_000])).toBe(3);
  });

  it(`is shown once the helpline took ${FLOOD_SHOWN_PER_MINUTE} starts within a minute, each from another /48, for ${FLOOD_MINUTES} minutes`, () =>
    onOwnWindow(async (window) => {
      const start = (i: number, at: number) => window.admit(tags(`2001:db8:${(0x100 + i).toString(16)}::1`), false, LIMITS, at);
      for (let i = 0; i < FLOOD_SHOWN_PER_MINUTE - 1; i++) await start(i, T0 + i * 1000);
      expect(window.flood(T0 + 30_000)).toBeNull();
      await start(FLOOD_SHOWN_PER_MINUTE, T0 + 59_000);
      expect(window.flood(T0 + 59_000)).toBe(FLOOD_SHOWN_PER_MINUTE);
      // A quiet start much later: the busiest minute still shows, until it is FLOOD_MINUTES old.
      await start(FLOOD_SHOWN_PER_MINUTE + 1, T0 + 5 * 60_000);
      expect(window.flood(T0 + 5 * 60_000)).toBe(FLOOD_SHOWN_PER_MINUTE);
      expect(window.flood(T0 + FLOOD_MINUTES * 60_000 + 1000)).toBeNull();
    }));
});
