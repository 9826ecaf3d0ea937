/**
 * The coordinator dashboard: aggregate counts for a chosen date range, never a single conversation.
 * Coordinators and admins only; the same numbers download as CSV.
 */
import { useEffect, useState } from "preact/hooks";
import type { DashboardReport } from "../../schema/dashboard";
import type { SessionInfo } from "../../schema/http";
import { call, failureMessage } from "../shared/client";
import { Login } from "../console/auth";
import { Report } from "./report";

const DAY_MS = 86_400_000;
type Range = { from: string; to: string };

/** The date at `at` where the helpline is, as YYYY-MM-DD (the report counts days in the helpline's zone). */
const dateIn = (timeZone: string, at: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const lastFourWeeks = (timeZone: string, now: number): Range => ({ from: dateIn(timeZone, now - 27 * DAY_MS), to: dateIn(timeZone, now) });

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const load = () => call("GET /api/session").then(setSession);
  useEffect(() => void load(), []);
  if (!session) return <p>Loading…</p>;
  if (!session.staff) return <Login onLogin={() => void load()} />;
  if (session.secondFactor === "required") {
    return <p role="alert">Your role needs a second factor. <a href="/console">Set it up in the console</a> first, then come back.</p>;
  }
  if (session.staff.role !== "coordinator" && session.staff.role !== "admin") {
    return <p role="alert">The dashboard is for coordinators and admins.</p>;
  }
  const [first] = session.helplines;
  if (!first) return <p role="alert">Your account does not work for any helpline yet.</p>;
  return <Dashboard helplines={session.helplines} first={first.id} />;
}

type Props = { helplines: SessionInfo["helplines"]; first: string };

/**
 * Opens on the last four weeks as the helpline counts them: in Amsterdam's winter a UTC date is
 * yesterday from 23:00 UTC on, and a range ending on it left that night's chats out of "today".
 */
function Dashboard(props: Props) {
  const [initial, setInitial] = useState<Range | null>(null);
  useEffect(() => {
    const now = Date.now();
    call("GET /api/helpline", { helpline: props.first })
      .then((info) => setInitial(lastFourWeeks(info.timeZone, now)))
      .catch(() => setInitial(lastFourWeeks("UTC", now)));
  }, []);
  return initial ? <DashboardView {...props} initial={initial} /> : <p>Loading…</p>;
}

function DashboardView({ helplines, first, initial }: Props & { initial: Range }) {
  const [range, setRange] = useState(initial);
  const [helpline, setHelpline] = useState(first);
  const [report, setReport] = useState<DashboardReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = new URLSearchParams({ from: range.from, to: range.to, helpline }).toString();

  const load = async () => {
    setError(null);
    try {
      setReport(await call("GET /api/dashboard", { query: range, helpline }));
    } catch (err) {
      // Figures of the previous range would read as the answer to this one.
      setReport(null);
      setError(failureMessage(err, "Could not load the dashboard."));
    }
  };
  useEffect(() => void load(), []);

  return (
    <main>
      <h1>Baken dashboard</h1>
      <form
        class="range"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        {helplines.length > 1 && (
          <label>
            Helpline
            <select value={helpline} onChange={(e) => setHelpline(e.currentTarget.value)}>
              {helplines.map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
            </select>
          </label>
        )}
        <label>From<input type="date" value={range.from} onInput={(e) => setRange({ ...range, from: e.currentTarget.value })} required /></label>
        <label>To<input type="date" value={range.to} onInput={(e) => setRange({ ...range, to: e.currentTarget.value })} required /></label>
        <button type="submit" class="primary">Show</button>
        <a href={`/api/dashboard.csv?${query}`} download>Download CSV</a>
      </form>
      {error && <p role="alert" class="notice">{error}</p>}
      {report && <Report report={report} />}
    </main>
  );
}
