/** One dashboard report: the headline counts, waits and durations, categories, the grid and the trend. */
import type { ChannelRow, DashboardReport, Percentiles } from "../../schema/dashboard";
import { HOURLY_DAYS, STATS_RETENTION_DAYS } from "../../schema/stats";
import { Bars, DAYS, LoadGrid, WeekTrend, text } from "./charts";
import { Safeguarding } from "./safeguarding";
import { Survey } from "./survey";

function duration(seconds: number | null, open: boolean): string {
  if (seconds === null) return "too few to say";
  const text = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return open ? `more than ${text}` : `at most ${text}`;
}

function Timing({ title, p }: { title: string; p: Percentiles }) {
  return (
    <div class="figure">
      <h3>{title}</h3>
      <dl>
        <dt>Median</dt>
        <dd>{duration(p.median, p.medianOpen)}</dd>
        <dt>90th percentile</dt>
        <dd>{duration(p.p90, p.p90Open)}</dd>
      </dl>
    </div>
  );
}

export function Report({ report }: { report: DashboardReport }) {
  const { totals } = report;
  const headline: [string, string][] = [
    ["Chats offered", text(totals.offered)],
    ["Answered", text(totals.answered)],
    ["Answer rate", report.answerRate === null ? "—" : `${report.answerRate}%`],
    ["Abandoned while waiting", text(totals.abandonedWaiting)],
    ["Tried outside opening hours", text(totals.outsideHours)],
    ["Visitors blocked", text(totals.visitorsBlocked)],
  ];
  return (
    <>
      <section class="figures" aria-label="Totals">
        {headline.map(([name, value]) => (
          <div class="figure" key={name}>
            <h3>{name}</h3>
            <p class="number" data-figure={name}>{value}</p>
          </div>
        ))}
        <Timing title="Wait before answer" p={report.wait} />
        <Timing title="Chat duration" p={report.duration} />
      </section>
      <p class="hint">
        Counts of 1 to {report.threshold - 1} are shown as "&lt;{report.threshold}", other counts are rounded to a multiple of 5,
        and totals to within a few, so that no single young person can be picked out; a "—" is withheld because, beside
        the other numbers, it could give a small count away. Times are in {report.timeZone}.
      </p>
      <section class="charts">
        <Bars title="Topics" rows={Object.entries(report.topics).map(([key, value]) => ({ key, value }))} />
        <Bars title="Outcomes" rows={Object.entries(report.outcomes).map(([key, value]) => ({ key, value }))} />
      </section>
      <Survey survey={report.survey} />
      <LoadGrid grid={report.grid} />
      <Granularity report={report} />
      <WeekTrend weeks={report.weeks} />
      <Channels rows={report.channels} />
      <Safeguarding figures={report.safeguarding} />
      {Object.keys(report.handoffs).length > 0 && (
        <Bars title="Warm handoffs per care partner" rows={Object.entries(report.handoffs).map(([key, value]) => ({ key, value }))} />
      )}
    </>
  );
}

/** Says plainly where the range has no hours (old days are kept per day) or no counts at all (deleted). */
function Granularity({ report }: { report: DashboardReport }) {
  return (
    <>
      {report.byDayUntil !== null && (
        <p class="hint" data-note="day-only">
          Hours are kept for {HOURLY_DAYS} days: up to {report.byDayUntil} this range is counted per day, so those days'
          chats are not in the grid above. Chats offered on them, by weekday:{" "}
          {DAYS.map((day, d) => `${day} ${text(report.dayOnly[d] ?? 0)}`).join(", ")}.
        </p>
      )}
      {report.from < report.keptFrom && (
        <p class="hint" data-note="deleted">
          Counts are kept for {STATS_RETENTION_DAYS / 365} years: days before {report.keptFrom} are deleted and show nothing.
        </p>
      )}
    </>
  );
}

const CHANNEL_COLUMNS: [Exclude<keyof ChannelRow, "channel">, string][] = [
  ["created", "Links made"],
  ["opened", "Opened"],
  ["started", "Chats started"],
  ["answered", "Chats answered"],
];

/** Outreach links per channel: made, opened, chats started through them, and of those answered. */
function Channels({ rows }: { rows: ChannelRow[] }) {
  return (
    <figure class="chart">
      <figcaption>Outreach links per channel</figcaption>
      {rows.length === 0 ? (
        <p>No outreach links in this range.</p>
      ) : (
        <table>
          <thead>
            <tr><th scope="col">Channel</th>{CHANNEL_COLUMNS.map(([key, name]) => <th scope="col" key={key}>{name}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.channel}><th scope="row">{row.channel}</th>{CHANNEL_COLUMNS.map(([key]) => <td key={key}>{text(row[key])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
