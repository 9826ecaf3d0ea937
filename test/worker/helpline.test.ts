import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS, type HelplineInfo, type HelplineSettings } from "../../schema/helpline";
import type { ApiError } from "../../schema/http";
import { config } from "../../worker/config";
import { attemptsPerWindow } from "../../worker/rate-limiter";
import { loginAdmin, postJson, request, startChat } from "./helpers";
import { newAddress } from "./keep";

const closedVisits = attemptsPerWindow(config(env)).closedVisit;

const WEEK = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** A moment's weekday and time on Amsterdam's wall clock, worked out apart from the product's code. */
function inAmsterdam(at: number): { weekday: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Amsterdam", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday"), time: `${part("hour")}:${part("minute")}` };
}

function putSettings(settings: unknown, cookie?: string) {
  return request("/api/admin/helpline", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
    ...(cookie ? { cookie } : {}),
  });
}

async function helpline(): Promise<HelplineInfo> {
  const res = await request("/api/helpline", { origin: null });
  expect(res.status).toBe(200);
  return res.json<HelplineInfo>();
}

async function outsideHoursCount(): Promise<number> {
  return runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_, state) =>
    state.storage.sql
      .exec<{ n: number }>("SELECT coalesce(sum(count), 0) AS n FROM counters WHERE metric = 'chat_outside_hours'")
      .one().n,
  );
}

const closed: HelplineSettings = { ...DEFAULT_SETTINGS, openingHours: [] };

describe("GET /api/helpline", () => {
  it("tells anyone the name, hours, alternatives and neutral site, without a cookie or origin", async () => {
    const info = await helpline();
    expect(info).toMatchObject({
      name: "Baken",
      languages: ["nl", "en"],
      timeZone: "Europe/Amsterdam",
      openNow: true,
      nextOpening: null,
      neutralSite: DEFAULT_SETTINGS.neutralSite,
    });
    expect(info.openingHours).toHaveLength(7);
    expect(info.alternatives.map((a) => a.contact)).toContain("112");
    // Nothing an admin keeps for staff only.
    expect(info).not.toHaveProperty("riskWords");
    expect(info).not.toHaveProperty("cannedReplies");
  });
});

describe("when the helpline is closed", () => {
  it("refuses to start a chat with a typed 503 'closed' and counts it", async () => {
    const cookie = await loginAdmin();
    expect((await putSettings(closed, cookie)).status).toBe(204);
    expect(await helpline()).toMatchObject({ openNow: false, nextOpening: null });

    const before = await outsideHoursCount();
    const res = await postJson("/api/chats", { inDanger: true });
    expect(res.status).toBe(503);
    expect((await res.json<ApiError>()).error).toBe("closed");
    expect(await outsideHoursCount()).toBe(before + 1);

    // Open only the day after tomorrow (in Amsterdam): closed now, opening then at 10:00 Amsterdam time,
    // within three days. Checked by the local day and time rather than by hours from now, so it holds when
    // Amsterdam's midnight falls between here and the answer (that day is then tomorrow).
    const day = (WEEK.indexOf(inAmsterdam(Date.now()).weekday) + 2) % 7;
    const later = { ...DEFAULT_SETTINGS, openingHours: [{ day, open: "10:00", close: "11:00" }] };
    expect((await putSettings(later, cookie)).status).toBe(204);
    const info = await helpline();
    expect(info.openNow).toBe(false);
    expect(inAmsterdam(info.nextOpening ?? 0)).toEqual({ weekday: WEEK[day], time: "10:00" });
    expect(info.nextOpening).toBeGreaterThan(Date.now());
    expect(info.nextOpening).toBeLessThan(Date.now() + 3 * 24 * 3600_000);

    expect((await putSettings(DEFAULT_SETTINGS, cookie)).status).toBe(204);
    await startChat();
  });
});

describe("POST /api/closed-visit", () => {
  const report = (address: string, init: { origin?: string | null } = {}) =>
    request("/api/closed-visit", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": address },
      body: "{}",
      ...init,
    });

  it("counts a view of the closed page as tried outside opening hours, only while closed", async () => {
    const cookie = await loginAdmin();
    const before = await outsideHoursCount();
    const open = await report(newAddress());
    expect(open.status).toBe(409);
    expect(await outsideHoursCount()).toBe(before);

    expect((await putSettings(closed, cookie)).status).toBe(204);
    try {
      expect((await report(newAddress())).status).toBe(204);
      expect(await outsideHoursCount()).toBe(before + 1);

      // Refused, and not counted: a foreign origin, no origin, a body that is not the empty object.
      expect((await report(newAddress(), { origin: "https://evil.example" })).status).toBe(403);
      expect((await report(newAddress(), { origin: null })).status).toBe(403);
      const withBody = await request("/api/closed-visit", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": newAddress() },
        body: JSON.stringify({ ip: "203.0.113.9" }),
      });
      expect(withBody.status).toBe(400);
      expect(await outsideHoursCount()).toBe(before + 1);
    } finally {
      expect((await putSettings(DEFAULT_SETTINGS, cookie)).status).toBe(204);
    }
  });

  it("is rate-limited per client, so a script cannot inflate the count", async () => {
    const cookie = await loginAdmin();
    expect((await putSettings(closed, cookie)).status).toBe(204);
    try {
      const before = await outsideHoursCount();
      const script = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i < closedVisits + 2; i++) statuses.push((await report(script)).status);
      expect(statuses.slice(0, closedVisits).every((s) => s === 204)).toBe(true);
      expect(statuses.slice(closedVisits)).toEqual([429, 429]);
      expect(await outsideHoursCount()).toBe(before + closedVisits);
      // Another client still counts.
      expect((await report(newAddress())).status).toBe(204);
      expect(await outsideHoursCount()).toBe(before + closedVisits + 1);
    } finally {
      expect((await putSettings(DEFAULT_SETTINGS, cookie)).status).toBe(204);
    }
  });
});

describe("PUT /api/admin/helpline", () => {
  it("needs a logged-in admin", async () => {
    expect((await putSettings(closed)).status).toBe(401);
    const cookie = await loginAdmin();
    await runInDurableObject(env.STAFF.getByName("staff"), (_, state) => {
      state.storage.sql.exec("UPDATE accounts SET role = 'counsellor'");
    });
    try {
      expect((await putSettings(closed, cookie)).status).toBe(403);
    } finally {
      await runInDurableObject(env.STAFF.getByName("staff"), (_, state) => {
        state.storage.sql.exec("UPDATE accounts SET role = 'admin'");
      });
    }
    expect((await helpline()).openNow).toBe(true);
  });

  it("refuses settings that do not match the schema or name an unknown time zone", async () => {
    const cookie = await loginAdmin();
    expect((await putSettings({ ...DEFAULT_SETTINGS, openingHours: [{ day: 7, open: "09:00", close: "17:00" }] }, cookie)).status).toBe(400);
    expect((await putSettings({ ...DEFAULT_SETTINGS, neutralSite: "not a url" }, cookie)).status).toBe(400);
    const badZone = await putSettings({ ...DEFAULT_SETTINGS, timeZone: "Mars/Olympus_Mons" }, cookie);
    expect(badZone.status).toBe(400);
    expect((await badZone.json<ApiError>()).error).toBe("bad_request");
    expect((await helpline()).timeZone).toBe("Europe/Amsterdam");
  });

  it("refuses a request from a foreign origin", async () => {
    const cookie = await loginAdmin();
    const res = await request("/api/admin/helpline", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(closed),
      cookie,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
  });
});
