/** The answers to the anonymous survey after a chat, as suppressed counts per answer. */
import type { DashboardReport } from "../../schema/dashboard";
import { Bars } from "./charts";

const rows = (answers: DashboardReport["survey"]["helped"]) => Object.entries(answers).map(([key, value]) => ({ key, value }));

export function Survey({ survey }: { survey: DashboardReport["survey"] }) {
  return (
    <section class="charts" aria-label="Survey after the chat">
      <Bars title="Survey: did this chat help?" rows={rows(survey.helped)} />
      <Bars title="Survey: would you chat again?" rows={rows(survey.again)} />
    </section>
  );
}
