/** A report's time zone is the helpline's setting: changing it is audited beside the dashboard views. */
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../schema/admin";
import type { DashboardReport } from "../../schema/dashboard";
import type { HelplineSettings } from "../../schema/helpline";
import { loginAdmin, request } from "./helpers";
import { staffer } from "./staff-helpers";

const AT = "?helpline=west";

function putSettings(body: HelplineSettings, cookie: string) {
  return request(`/api/admin/helpline${AT}`, { method: "PUT", cookie, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("time-zone changes in the audit trail", () => {
  it("records a change of the report's zone between two views of the same range, and no change when the zone stays", async () => {
    const admin = await loginAdmin();
    const coordinator = await staffer("coordinator", "Tz", ["west"]);
    const original = await (await request(`/api/admin/helpline${AT}`, { cookie: admin })).json<HelplineSettings>();
    const view = async () => {
      const res = await request(`/api/dashboard${AT}&from=2026-03-01&to=2026-03-31`, { cookie: coordinator.cookie });
      expect(res.status).toBe(200);
      return (await res.json<DashboardReport>()).timeZone;
    };
    const other = original.timeZone === "America/New_York" ? "Asia/Tokyo" : "America/New_York";
    try {
      expect(await view()).toBe(original.timeZone);
      expect((await putSettings({ ...original, timeZone: other }, admin)).status).toBe(204);
      expect(await view()).toBe(other);
      // Saving other settings in the same zone is a settings change only.
      expect((await putSettings({ ...original, timeZone: other, offerNext: !original.offerNext }, admin)).status).toBe(204);
      // A refused zone changes nothing and is not audited.
      expect((await putSettings({ ...original, timeZone: "Mars/Olympus" }, admin)).status).toBe(400);
    } finally {
      expect((await putSettings(original, admin)).status).toBe(204);
    }

    const trail = await (await request("/api/admin/audit", { cookie: admin })).json<AuditEntry[]>();
    // Oldest first, from this coordinator's first view on: the series someone reviewing the trail reads.
    const series = trail.filter((e) => e.helpline === "west" && (e.staffId === coordinator.id || e.action !== "dashboard_viewed")).reverse();
    const since = series.findIndex((e) => e.staffId === coordinator.id);
    expect(since).toBeGreaterThanOrEqual(0);
    expect(series.slice(since).map((e) => e.action)).toEqual([
      "dashboard_viewed",
      "settings_changed",
      "time_zone_changed",
      "dashboard_viewed",
      "settings_changed",
      "settings_changed",
      "time_zone_changed",
    ]);
  });
});
