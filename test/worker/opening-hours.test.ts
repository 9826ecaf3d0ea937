import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type OpeningSlot } from "../../schema/helpline";
import { isTimeZone, openness } from "../../worker/opening-hours";

const AMS = "Europe/Amsterdam";
const at = (iso: string) => Date.parse(iso);
const hours = (...openingHours: OpeningSlot[]) => ({ timeZone: AMS, openingHours });
const weekdays = (open: string, close: string) => hours(...[1, 2, 3, 4, 5].map((day) => ({ day, open, close })));

describe("a helpline open on weekdays from 09:00 to 17:00 in Amsterdam", () => {
  const office = weekdays("09:00", "17:00");

  it("is closed a minute before nine in winter (UTC+1) and says when it opens", () => {
    // Monday 23 November 2026, 08:59 in Amsterdam.
    expect(openness(office, at("2026-11-23T07:59:00Z"))).toEqual({ openNow: false, nextOpening: at("2026-11-23T08:00:00Z") });
  });

  it("is open from nine until just before five", () => {
    expect(openness(office, at("2026-11-23T08:00:00Z")).openNow).toBe(true);
    expect(openness(office, at("2026-11-23T15:59:59Z")).openNow).toBe(true);
    expect(openness(office, at("2026-11-23T16:00:00Z")).openNow).toBe(false);
  });

  it("uses summer time (UTC+2) in June", () => {
    expect(openness(office, at("2026-06-01T06:59:00Z")).openNow).toBe(false);
    expect(openness(office, at("2026-06-01T07:00:00Z")).openNow).toBe(true);
  });

  it("on Friday evening opens next on Monday morning", () => {
    expect(openness(office, at("2026-11-27T18:00:00Z"))).toEqual({ openNow: false, nextOpening: at("2026-11-30T08:00:00Z") });
  });

  it("on the Saturday before summer time starts opens on Monday at the new offset", () => {
    // Clocks go from 02:00 to 03:00 on Sunday 29 March 2026; Monday 09:00 is then 07:00 UTC.
    expect(openness(office, at("2026-03-28T12:00:00Z")).nextOpening).toBe(at("2026-03-30T07:00:00Z"));
  });

  it("on the Saturday before winter time returns opens on Monday at the new offset", () => {
    // Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026; Monday 09:00 is then 08:00 UTC.
    expect(openness(office, at("2026-10-24T12:00:00Z")).nextOpening).toBe(at("2026-10-26T08:00:00Z"));
  });
});

describe("daylight-saving edges inside a slot", () => {
  it("a Sunday slot during the spring change opens and closes on the new wall clock", () => {
    const sunday = hours({ day: 0, open: "01:00", close: "04:00" });
    // 01:00 CET is 00:00 UTC; 04:00 CEST is 02:00 UTC: the night is one hour shorter.
    expect(openness(sunday, at("2026-03-28T23:59:00Z")).nextOpening).toBe(at("2026-03-29T00:00:00Z"));
    expect(openness(sunday, at("2026-03-29T01:59:00Z")).openNow).toBe(true);
    expect(openness(sunday, at("2026-03-29T02:00:00Z")).openNow).toBe(false);
  });

  it("an opening time skipped by the spring change is read as past the gap", () => {
    const sunday = hours({ day: 0, open: "02:30", close: "05:00" });
    // 02:30 does not exist on 29 March 2026; like Temporal's "compatible" it means 03:30 CEST.
    expect(openness(sunday, at("2026-03-29T00:00:00Z")).nextOpening).toBe(at("2026-03-29T01:30:00Z"));
  });

  it("a closing time that happens twice in autumn means the first one", () => {
    const overnight = hours({ day: 6, open: "22:00", close: "02:30" });
    // Saturday 24 October 22:00 CEST = 20:00 UTC; 02:30 happens at 00:30 UTC (CEST) and 01:30 UTC (CET).
    expect(openness(overnight, at("2026-10-24T20:00:00Z")).openNow).toBe(true);
    expect(openness(overnight, at("2026-10-25T00:29:00Z")).openNow).toBe(true);
    expect(openness(overnight, at("2026-10-25T00:30:00Z")).openNow).toBe(false);
  });

  it("the default hours (every day, all day) stay open through both changes", () => {
    for (const iso of ["2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-24T22:00:00Z"]) {
      expect(openness(DEFAULT_SETTINGS, at(iso)), iso).toEqual({ openNow: true, nextOpening: null });
    }
  });
});

describe("other shapes of hours", () => {
  it("a slot closing at or before it opens runs past midnight", () => {
    const night = hours({ day: 5, open: "20:00", close: "02:00" });
    // Friday 27 November 20:00 CET = 19:00 UTC, until Saturday 02:00 CET = 01:00 UTC.
    expect(openness(night, at("2026-11-28T00:30:00Z")).openNow).toBe(true);
    expect(openness(night, at("2026-11-28T01:00:00Z")).nextOpening).toBe(at("2026-12-04T19:00:00Z"));
  });

  it("no hours at all means never open and no next opening", () => {
    expect(openness(hours(), at("2026-11-23T12:00:00Z"))).toEqual({ openNow: false, nextOpening: null });
  });

  it("works in other time zones", () => {
    const tokyo = { timeZone: "Asia/Tokyo", openingHours: [{ day: 1, open: "09:00", close: "10:00" }] };
    expect(openness(tokyo, at("2026-11-23T00:30:00Z")).openNow).toBe(true);
  });

  it("knows real time zones from made-up ones", () => {
    expect(isTimeZone(AMS)).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
