/** The coordinator dashboard's data: aggregate, suppressed counts for a date range, as JSON or CSV. */
import { type Context, Hono } from "hono";
import { DashboardQuery, type DashboardReport, MAX_RANGE_DAYS } from "../../schema/dashboard";
import { staffHelpline } from "../helplines";
import { fail } from "../http";
import { buildReport, reportCsv } from "../report";
import { requireStaff, type StaffEnv, staffObject } from "../session";

const DAY_MS = 86_400_000;

/** 2026-02-31 matches the pattern but is no day; it must survive a round trip through Date. */
function isRealDate(date: string): boolean {
  const at = Date.parse(date);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === date;
}

/**
 * A report for a staff member, written to the audit trail: suppression keeps single reports safe, and
 * the trail shows who asked for which helpline's counts how often (many overlapping ranges are how
 * someone would try to difference suppressed counts back out).
 */
async function auditedReport(c: Context<StaffEnv>): Promise<{ helpline: string; data: DashboardReport }> {
  const helpline = staffHelpline(c, c.var.staff);
  const data = await report(c.env, helpline, c.req.query());
  await staffObject(c.env).record(c.var.staff.id, "dashboard_viewed", helpline);
  return { helpline, data };
}

async function report(env: Env, helpline: string, query: Record<string, string>): Promise<DashboardReport> {
  const parsed = DashboardQuery.safeParse(query);
  if (!parsed.success) fail(400, "bad_request", "Give from and to as YYYY-MM-DD.");
  const { from, to } = parsed.data;
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  if (!isRealDate(from) || !isRealDate(to) || !(days >= 0)) {
    fail(400, "bad_request", "The range must be real dates with from on or before to.");
  }
  if (days > MAX_RANGE_DAYS) fail(400, "bad_request", `A report covers at most ${MAX_RANGE_DAYS} days.`);
  const { timeZone, smallCountThreshold } = await env.DESK.getByName(helpline).settings();
  const stored = await env.STATS.getByName(helpline).counts(from, to);
  return buildReport(stored, from, to, timeZone, smallCountThreshold);
}

export const dashboardRoutes = new Hono<StaffEnv>()
  .get("/api/dashboard", requireStaff("coordinator", "admin"), async (c) => c.json((await auditedReport(c)).data))
  .get("/api/dashboard.csv", requireStaff("coordinator", "admin"), async (c) => {
    const { helpline, data } = await auditedReport(c);
    return c.body(reportCsv(data), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${helpline}-${data.from}-${data.to}.csv"`,
    });
  });
