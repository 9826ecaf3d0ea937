/**
 * The dashboard's safeguarding figures: watched signals, escalations per reason and urgent-wait alerts,
 * each suppressed like every count, in the report and in the CSV alike.
 */
import { describe, expect, it } from "vitest";
import type { CounterRow, StoredCounts } from "../../schema/stats";
import { buildReport, reportCsv } from "../../worker/report";

const HOUR = Math.floor(Date.parse("2026-03-04T12:00:00Z") / 3_600_000);
/** Hours only, none merged into days yet, none past retention. */
const hoursOnly = (hours: CounterRow[]): StoredCounts => ({ hours, days: [], hourlyFrom: null, keptFrom: "2000-01-01" });
const row = (metric: CounterRow["metric"], dimension: string, count: number): CounterRow => ({ hour: HOUR, metric, dimension, count });

describe("safeguarding figures on the dashboard", () => {
  it("are counted per kind and reason, small counts suppressed, the same in the CSV", () => {
    const rows = [
      row("watched_signal", "", 12),
      row("escalation", "immediate_danger", 3),
      row("escalation", "disclosure_of_abuse", 7),
      row("urgent_wait_alert", "", 0),
    ];
    const report = buildReport(hoursOnly(rows), "2026-03-01", "2026-03-07", "Europe/Amsterdam", 5);
    expect(report.safeguarding).toEqual({
      watched: 10,
      escalations: { immediate_danger: "<5", disclosure_of_abuse: 5, suicide_or_self_harm: 0, out_of_my_depth: 0, other: 0 },
      urgentWaitAlerts: 0,
    });
    const csv = reportCsv(report);
    expect(csv).toContain("safeguarding,watched_signals,10\r\n");
    expect(csv).toContain("escalation,immediate_danger,<5\r\n");
    expect(csv).toContain("safeguarding,urgent_wait_alerts,0\r\n");
    // No count from 1 to 4 is written anywhere.
    expect(csv).not.toMatch(/,[1-4]\r\n/);
  });

  it("leave out counts from outside the range", () => {
    const report = buildReport(hoursOnly([row("watched_signal", "", 40)]), "2026-04-01", "2026-04-07", "Europe/Amsterdam", 5);
    expect(report.safeguarding.watched).toBe(0);
  });
});
