/**
 * The dashboard's pictures: plain SVG drawn here (no third-party code or origin), each with its
 * numbers beside it. A suppressed count ("<5") is drawn as a hatched stub of unknown height; a
 * withheld one (null) as nothing, written "—".
 */
import type { Figure, WeekRow } from "../../schema/dashboard";
import { detailLabel } from "../../schema/details-options";

export const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The height a shown value gets in a chart; "<5" gets a token height, a withheld value none. */
function magnitude(value: Figure): number {
  return typeof value === "number" ? value : value === null ? 0 : 2.5;
}

/** A figure as text: withheld ones as a dash (the page's note says why). */
export function text(value: Figure): string {
  return value === null ? "—" : String(value);
}

export function label(key: string): string {
  return detailLabel(key) ?? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** A chart of one bar is drawn as tall as two, so it does not shrink to a sliver beside the others. */
const MIN_ROWS = 2;

/** Horizontal bars, one per category, with the count beside each bar. */
export function Bars({ title, rows }: { title: string; rows: { key: string; value: Figure }[] }) {
  const max = Math.max(1, ...rows.map((r) => magnitude(r.value)));
  const rowHeight = 24;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 420 ${Math.max(rows.length, MIN_ROWS) * rowHeight}`} role="img" aria-label={title} width="100%" class="bars">
        {rows.map((r, i) => {
          const width = (magnitude(r.value) / max) * 220;
          return (
            <g key={r.key} transform={`translate(0 ${i * rowHeight})`}>
              <text x="150" y="16" text-anchor="end" class="axis">{label(r.key)}</text>
              <rect x="158" y="4" height="16" width={Math.max(width, 1)} class={typeof r.value === "number" ? "bar" : "bar suppressed"} />
              <text x={164 + width} y="16" class="value">{text(r.value)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Chats offered by weekday and hour: a shaded grid with each cell's count written in it. */
export function LoadGrid({ grid }: { grid: Figure[][] }) {
  const max = Math.max(1, ...grid.flat().map(magnitude));
  const cell = 26;
  return (
    <figure class="chart">
      <figcaption>Chats offered by weekday and hour (local time)</figcaption>
      <svg viewBox={`0 0 ${40 + 24 * cell} ${20 + 7 * cell}`} role="img" aria-label="Chats offered by weekday and hour" width="100%">
        {Array.from({ length: 24 }, (_, h) => (
          <text key={h} x={40 + h * cell + cell / 2} y="14" text-anchor="middle" class="axis small">{String(h).padStart(2, "0")}</text>
        ))}
        {grid.map((day, d) => (
          <g key={d} transform={`translate(0 ${20 + d * cell})`}>
            <text x="34" y={cell / 2 + 4} text-anchor="end" class="axis small">{DAYS[d]}</text>
            {day.map((value, h) => (
              <g key={h}>
                <rect x={40 + h * cell} y="0" width={cell - 2} height={cell - 2} class="cell" fill-opacity={String(0.08 + 0.8 * (magnitude(value) / max))}>
                  <title>{`${DAYS[d]} ${String(h).padStart(2, "0")}:00 — ${value}`}</title>
                </rect>
                {value !== 0 && <text x={40 + h * cell + (cell - 2) / 2} y={cell / 2 + 3} text-anchor="middle" class="small cell-value">{String(value)}</text>}
              </g>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Answered and abandoned per week: paired columns, with a table of the numbers beside them. The
 *  drawing is always the same shape (the weeks share its width), so one week or a year of them keeps
 *  a sane height; week labels thin out so they never overlap. */
export function WeekTrend({ weeks }: { weeks: WeekRow[] }) {
  const max = Math.max(1, ...weeks.flatMap((w) => [magnitude(w.answered), magnitude(w.abandoned)]));
  const width = 400;
  const height = 140;
  const step = Math.min(36, width / Math.max(1, weeks.length));
  const bar = step * 0.4;
  const labelEvery = Math.ceil(36 / step);
  return (
    <figure class="chart trend">
      <figcaption>Per week: answered (dark) and abandoned while waiting (light)</figcaption>
      <svg viewBox={`0 0 ${width + 10} ${height + 20}`} role="img" aria-label="Chats per week" width="100%">
        {weeks.map((w, i) => {
          const answered = (magnitude(w.answered) / max) * height;
          const abandoned = (magnitude(w.abandoned) / max) * height;
          return (
            <g key={w.week} transform={`translate(${5 + i * step} 0)`}>
              <rect x="0" y={height - answered} width={bar} height={answered} class={typeof w.answered === "number" ? "bar" : "bar suppressed"} />
              <rect x={bar + 1} y={height - abandoned} width={bar} height={abandoned} class={typeof w.abandoned === "number" ? "bar light" : "bar suppressed"} />
              {i % labelEvery === 0 && <text x={bar} y={height + 14} text-anchor="middle" class="axis small">{w.week.slice(5)}</text>}
            </g>
          );
        })}
      </svg>
      <table>
        <thead>
          <tr><th scope="col">Week of</th><th scope="col">Answered</th><th scope="col">Abandoned</th></tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}><td>{w.week}</td><td>{text(w.answered)}</td><td>{text(w.abandoned)}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
