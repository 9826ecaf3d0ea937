/** Safeguarding counts: chats with a watched signal, urgent chats left waiting past the alert time, escalations per reason. */
import type { DashboardReport } from "../../schema/dashboard";
import { Bars, text } from "./charts";

export function Safeguarding({ figures }: { figures: DashboardReport["safeguarding"] }) {
  return (
    <section class="charts" aria-label="Safeguarding">
      <div class="figure">
        <h3>Chats with a "someone is watching" signal</h3>
        <p class="number" data-figure="watched signals">{text(figures.watched)}</p>
      </div>
      <div class="figure">
        <h3>Urgent chats waiting past the alert time</h3>
        <p class="number" data-figure="urgent wait alerts">{text(figures.urgentWaitAlerts)}</p>
      </div>
      <Bars title="Escalations by reason" rows={Object.entries(figures.escalations).map(([key, value]) => ({ key, value }))} />
    </section>
  );
}
