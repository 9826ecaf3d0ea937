/**
 * The dashboard's safeguarding figures: "someone is watching" signals, escalations per reason and
 * urgent chats that waited past the alert time. Each is suppressed on its own (suppress.ts); no total
 * of the reasons is shown, so no figure can be had by subtracting others, and none is a part of the
 * chat counts linked.ts guards (a chat may be signalled more than once).
 */
import type { DashboardReport, Shown } from "../schema/dashboard";
import { EscalationReason } from "../schema/safeguarding";
import type { Metric } from "../schema/stats";

type Counts = { count: (metric: Metric, dimension: string) => number; show: (n: number) => Shown };

export function safeguardingFigures({ count, show }: Counts): DashboardReport["safeguarding"] {
  return {
    watched: show(count("watched_signal", "")),
    escalations: Object.fromEntries(EscalationReason.options.map((reason) => [reason, show(count("escalation", reason))])),
    urgentWaitAlerts: show(count("urgent_wait_alert", "")),
  };
}

/** The same figures as CSV rows (section, key, value). */
export function safeguardingRows(figures: DashboardReport["safeguarding"]): [string, string, Shown][] {
  return [
    ["safeguarding", "watched_signals", figures.watched],
    ...Object.entries(figures.escalations).map(([reason, value]): [string, string, Shown] => ["escalation", reason, value]),
    ["safeguarding", "urgent_wait_alerts", figures.urgentWaitAlerts],
  ];
}
