import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { DashboardReport } from "../../schema/dashboard";
import type { ApiError } from "../../schema/http";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { HISTOGRAM_BOUNDS, Metric, OPEN_BUCKET, Outcome, Topic } from "../../schema/stats";
import { accept, connectCounsellor, connectVisitor, loginAdmin, request, startChat } from "./helpers";
import { dump, keepChat, resume } from "./keep";

const stats = () => env.STATS.getByName(DEFAULT_HELPLINE);

async function counters(): Promise<Record<string, unknown>[]> {
  return runInDurableObject(stats(), (_obj, state) => state.storage.sql.exec("SELECT * FROM counters").toArray());
}

async function total(metric: string): Promise<number> {
  return (await counters()).filter((r) => r.metric === metric).reduce((sum, r) => sum + Number(r.count), 0);
}

async function asRole(role: string): Promise<string> {
  const cookie = await loginAdmin();
  await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
    state.storage.sql.exec("UPDATE accounts SET role = ?", role);
  });
  return cookie;
}

describe("the Stats object", () => {
  it("counts offered, answered, abandoned while waiting, waits and durations, and stores nothing else", async () => {
    const cookie = await asRole("admin");
    const answered = await startChat();
    const visitor = await connectVisitor(answered);
    await accept(cookie, answered.conversationId);
    const counsellor = await connectCounsellor(cookie, answered.conversationId);
    visitor.send({ type: "send", cid: "1", text: "hallo" });
    await counsellor.next("msg");
    counsellor.send({ type: "end" });
    await visitor.closedWith();

    const abandoned = await startChat();
    const left = await connectVisitor(abandoned);
    left.send({ type: "end" });
    await left.closedWith();

    await expect.poll(() => total("chat_seconds")).toBe(1);
    await expect.poll(() => total("chat_abandoned_waiting")).toBe(1);
    expect(await total("chat_offered")).toBe(2);
    expect(await total("chat_answered")).toBe(1);
    expect(await total("wait_seconds")).toBe(1);

    // Only hour buckets, known metrics and known dimensions: no id, no text, no finer time.
    const hourNow = Math.floor(Date.now() / 3_600_000);
    const dimensions = new Set(["", ...Topic.options, ...Outcome.options, ...HISTOGRAM_BOUNDS.map(String), OPEN_BUCKET]);
    for (const row of await counters()) {
      expect(Object.keys(row).sort()).toEqual(["count", "dimension", "hour", "metric"]);
      expect(Number.isInteger(row.hour)).toBe(true);
      expect(Math.abs(Number(row.hour) - hourNow)).toBeLessThanOrEqual(1);
      expect(Metric.options).toContain(row.metric);
      expect(dimensions.has(String(row.dimension))).toBe(true);
    }
    const stored = await dump(stats());
    for (const id of [answered.conversationId, abandoned.conversationId, answered.token, "hallo"]) {
      expect(stored).not.toContain(id);
    }
  });
});

describe("a resumed conversation", () => {
  it("is offered again when it goes back into the queue", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    const kept = await keepChat(chat);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    const before = await total("chat_offered");
    await resume(kept.code);
    expect(await total("chat_offered")).toBe(before + 1);
  });

  it("is offered once per return to the queue: not again at its visitor's hello, nor by a resume that did not end it", async () => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    const kept = await keepChat(chat);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    const before = await total("chat_offered");
    const resumed = await resume(kept.code);
    expect(await total("chat_offered")).toBe(before + 1);
    const back = await connectVisitor({ conversationId: resumed.conversationId, token: resumed.token });
    expect(back.closed).toBeNull();
    // Still waiting: continued on another device, it keeps its place and is not offered anew.
    await resume(kept.code);
    expect(await total("chat_offered")).toBe(before + 1);
  });
});

describe("the dashboard", () => {
  const range = "from=2026-03-02&to=2026-03-08";
  /** A week in March (Monday 2 to Sunday 8), Amsterdam is UTC+1. */
  const at = (day: number, hourUtc: number) => Date.UTC(2026, 2, day, hourUtc, 17);

  async function seed(): Promise<void> {
    const s = stats();
    for (let i = 0; i < 12; i++) {
      await s.increment("chat_offered", "", at(2, 10));
      await s.increment("chat_answered", "", at(2, 10));
      await s.observe("wait_seconds", 40, at(2, 10));
      await s.observe("chat_seconds", i < 10 ? 500 : 9000, at(2, 11));
    }
    for (let i = 0; i < 3; i++) await s.increment("chat_offered", "", at(3, 20));
    for (let i = 0; i < 2; i++) await s.increment("chat_abandoned_waiting", "", at(3, 20));
    for (let i = 0; i < 7; i++) await s.increment("topic", "sexual_exploitation", at(2, 12));
    for (let i = 0; i < 2; i++) await s.increment("topic", "other", at(2, 12));
    await s.increment("chat_offered", "", at(9, 12)); // the Monday after: outside the range
    for (let i = 0; i < 6; i++) await s.increment("invite_created", "snapchat", at(2, 9));
    for (let i = 0; i < 3; i++) await s.increment("invite_opened", "snapchat", at(2, 9));
    await s.increment("invite_chat_started", "snapchat", at(2, 10));
    await s.increment("invite_created", "school", at(4, 9));
    await s.increment("invite_opened", "advert-site", at(9, 12)); // outside the range
  }

  it("is for coordinators and admins only", async () => {
    expect((await request(`/api/dashboard?${range}`)).status).toBe(401);
    const cookie = await asRole("counsellor");
    const refused = await request(`/api/dashboard?${range}`, { cookie });
    expect(refused.status).toBe(403);
    expect((await refused.json<ApiError>()).error).toBe("forbidden");
    expect((await request(`/api/dashboard.csv?${range}`, { cookie })).status).toBe(403);
    await asRole("coordinator");
    expect((await request(`/api/dashboard?${range}`, { cookie })).status).toBe(200);
  });

  it("refuses a malformed or backwards or overlong range", async () => {
    const cookie = await asRole("coordinator");
    for (const query of ["", "from=2026-03-02", "from=yesterday&to=today", "from=2026-03-09&to=2026-03-02", "from=2024-01-01&to=2026-01-01", "from=2026-02-31&to=2026-03-05"]) {
      const res = await request(`/api/dashboard?${query}`, { cookie });
      expect(res.status, query).toBe(400);
      expect((await res.json<ApiError>()).error).toBe("bad_request");
    }
  });

  it("reports suppressed, rounded counts, percentiles, a grid and weeks; the CSV says the same", async () => {
    await seed();
    const cookie = await asRole("coordinator");
    const report = await (await request(`/api/dashboard?${range}`, { cookie })).json<DashboardReport>();
    expect(report.threshold).toBe(5);
    expect(report.totals.offered).toBe(15);
    expect(report.totals.answered).toBe(10);
    expect(report.totals.abandonedWaiting).toBe("<5");
    expect(report.topics.sexual_exploitation).toBe(5);
    expect(report.topics.other).toBe("<5");
    expect(report.topics.online_sextortion).toBe(0);
    // Monday 11:00 and Tuesday 21:00 in Amsterdam.
    expect(report.grid[0]?.[11]).toBe(10);
    expect(report.grid[1]?.[21]).toBe("<5");
    expect(report.weeks).toEqual([{ week: "2026-03-02", answered: 10, abandoned: "<5" }]);
    expect(report.wait).toEqual({ median: 60, p90: 60, medianOpen: false, p90Open: false });
    expect(report.duration).toEqual({ median: 600, p90: 7200, medianOpen: false, p90Open: true });
    expect(report.answerRate).toBe(67);
    // Per outreach channel, suppressed like every other count; a channel with nothing in range is absent.
    expect(report.channels).toEqual([
      { channel: "school", created: "<5", opened: 0, started: 0, answered: 0 },
      { channel: "snapchat", created: 5, opened: "<5", started: "<5", answered: 0 },
    ]);

    const csv = await request(`/api/dashboard.csv?${range}`, { cookie });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = (await csv.text()).trim().split("\r\n").map((line) => line.split(","));
    const value = (section: string, key: string) => rows.find(([s, k]) => s === section && k === key)?.[2];
    expect(value("total", "offered")).toBe("15");
    expect(value("topic", "other")).toBe("<5");
    expect(value("topic", "sexual_exploitation")).toBe("5");
    expect(value("offered_by_hour", "Tue 21:00")).toBe("<5");
    expect(value("chat_seconds", "p90_at_most")).toBe(">7200");
    expect(value("channel_created", "snapchat")).toBe("5");
    expect(value("channel_opened", "snapchat")).toBe("<5");
    expect(value("channel_started", "school")).toBe("0");
    expect(rows.some(([, k]) => k === "advert-site")).toBe(false);
    // No count from 1 to 4 anywhere in the export.
    for (const [, , v] of rows.slice(1)) expect(["1", "2", "3", "4"]).not.toContain(v);
  });

  it("withholds answered and abandoned chats where they would pin the offered ones, in JSON and CSV", async () => {
    // The audit's example, in a week of its own (23 to 29 March): two hours of 4 offered chats
    // ("<5" each, so at most 8) and all 8 answered (shown 10, so at least 8) would make both hours 4.
    const s = stats();
    for (const day of [23, 24]) for (let i = 0; i < 4; i++) await s.increment("chat_offered", "", at(day, 10));
    for (let i = 0; i < 8; i++) await s.increment("chat_answered", "", at(23, 10));
    await s.increment("topic", "other", at(23, 12));
    const cookie = await asRole("coordinator");
    const week = "from=2026-03-23&to=2026-03-29";
    const report = await (await request(`/api/dashboard?${week}`, { cookie })).json<DashboardReport>();
    expect(report.grid[0]?.[11]).toBe("<5");
    expect(report.grid[1]?.[11]).toBe("<5");
    expect(report.totals.answered).toBeNull();
    expect(report.totals.abandonedWaiting).toBeNull();
    expect(report.weeks).toEqual([{ week: "2026-03-23", answered: null, abandoned: null }]);
    expect(report.answerRate).toBeNull();
    // Linked below the answered chats, so withheld with them.
    expect(report.topics.other).toBeNull();
    const csv = await (await request(`/api/dashboard.csv?${week}`, { cookie })).text();
    expect(csv).toContain("total,answered,withheld\r\n");
    expect(csv).toContain("topic,other,withheld\r\n");
    expect(csv).toContain("offered_by_hour,Tue 11:00,<5\r\n");
  });

  it("checks a week the range holds only part of against the hours of its own days", async () => {
    // Sunday 5 April (the range's first week holds only that day) has two hours of 4 offered chats
    // and 8 answered; the full week after has 40 and 20, so the totals alone would not pin anything.
    const s = stats();
    for (const hour of [10, 11]) for (let i = 0; i < 4; i++) await s.increment("chat_offered", "", at(36, hour));
    for (let i = 0; i < 8; i++) await s.increment("chat_answered", "", at(36, 10));
    for (let i = 0; i < 40; i++) await s.increment("chat_offered", "", at(39, 10));
    for (let i = 0; i < 20; i++) await s.increment("chat_answered", "", at(39, 10));
    const cookie = await asRole("coordinator");
    const report = await (await request("/api/dashboard?from=2026-04-05&to=2026-04-13", { cookie })).json<DashboardReport>();
    // Amsterdam is UTC+2 from 29 March: Sunday 12:00 and 13:00.
    expect([report.grid[6]?.[12], report.grid[6]?.[13]]).toEqual(["<5", "<5"]);
    expect(report.totals.offered).toBeTypeOf("number");
    expect(report.totals.answered).toBeNull();
    expect(report.weeks.map((w) => w.answered)).toEqual([null, null]);
  });

  it("uses the helpline's threshold, in the page's data and in the CSV", async () => {
    // A week of its own (16 to 22 March), so the other tests' counts do not add up with these.
    const s = stats();
    for (let i = 0; i < 7; i++) await s.increment("topic", "sexual_exploitation", at(16, 12));
    for (let i = 0; i < 12; i++) await s.increment("chat_offered", "", at(16, 10));
    for (let i = 0; i < 12; i++) await s.increment("chat_answered", "", at(16, 10));
    const cookie = await asRole("coordinator");
    const desk = env.DESK.getByName(DEFAULT_HELPLINE);
    await desk.saveSettings({ ...(await desk.settings()), smallCountThreshold: 10 });
    const week = "from=2026-03-16&to=2026-03-22";
    const report = await (await request(`/api/dashboard?${week}`, { cookie })).json<DashboardReport>();
    expect(report.threshold).toBe(10);
    expect(report.topics.sexual_exploitation).toBe("<10"); // 7: shown as 5 under the default
    expect(report.grid[0]?.[11]).toBe(10); // 12 is not below 10
    const csv = await (await request(`/api/dashboard.csv?${week}`, { cookie })).text();
    expect(csv).toContain("topic,sexual_exploitation,<10\r\n");
    for (const line of csv.trim().split("\r\n").slice(1)) expect(line).not.toMatch(/,[1-9]$/);
  });
});
