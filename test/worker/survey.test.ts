/**
 * The anonymous survey after a chat: an end by one of the parties hands the visitor (only) a
 * single-use ticket; an answer spends it and reaches Stats as counts with no chat id; a second
 * answer, a malformed body and a flood from one network are refused; the dashboard and the CSV show
 * the counts suppressed like every count.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { DashboardReport } from "../../schema/dashboard";
import type { StartChatResponse } from "../../schema/http";
import { accept, connectCounsellor, connectVisitor, request, startChat } from "./helpers";
import { newAddress, post } from "./keep";
import { staffer } from "./staff-helpers";

const WEST = "west";

async function counters(helpline = "baken"): Promise<{ metric: string; dimension: string; count: number }[]> {
  return runInDurableObject(env.STATS.getByName(helpline), (_obj, state) =>
    state.storage.sql.exec<{ metric: string; dimension: string; count: number }>("SELECT metric, dimension, count FROM counters WHERE metric LIKE 'survey_%'").toArray(),
  );
}
const tally = async (metric: string, dimension: string) =>
  (await counters()).filter((r) => r.metric === metric && r.dimension === dimension).reduce((n, r) => n + r.count, 0);

/** An answered chat that `who` ends; the visitor's and the counsellor's ended frames. */
async function endedChat(who: "visitor" | "counsellor") {
  const counsellor = await staffer("counsellor");
  const chat: StartChatResponse = await startChat();
  const visitor = await connectVisitor(chat);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const socket = await connectCounsellor(counsellor.cookie, chat.conversationId);
  (who === "visitor" ? visitor : socket).send({ type: "end" });
  return { chat, visitor: await visitor.next("ended"), counsellor: await socket.next("ended") };
}

describe("the survey ticket", () => {
  it("comes to the visitor only, when a party ended an answered chat; a quick exit or an end while waiting gets none", async () => {
    for (const who of ["visitor", "counsellor"] as const) {
      const ended = await endedChat(who);
      expect(ended.visitor.survey).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ended.counsellor.survey).toBeUndefined();
      expect(ended.visitor.survey).not.toContain(ended.chat.conversationId);
    }
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "exit" });
    expect((await visitor.next("ended")).survey).toBeUndefined();
    const waiting = await connectVisitor(await startChat());
    waiting.send({ type: "end" });
    expect((await waiting.next("ended")).survey).toBeUndefined();
  });
});

describe("answering the survey", () => {
  it("counts the answers once per ticket, with nothing of the chat", async () => {
    const { visitor, chat } = await endedChat("visitor");
    const helpedBefore = await tally("survey_helped", "a_bit");
    const againBefore = await tally("survey_again", "maybe");
    const res = await post("/api/survey", { ticket: visitor.survey, helped: "a_bit", again: "maybe" });
    expect(res.status).toBe(204);
    expect(await tally("survey_helped", "a_bit")).toBe(helpedBefore + 1);
    expect(await tally("survey_again", "maybe")).toBe(againBefore + 1);
    // A second answer with the same ticket, from anywhere, is refused and counts nothing.
    const again = await post("/api/survey", { ticket: visitor.survey, helped: "yes" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: "conflict" });
    expect(await tally("survey_helped", "yes")).toBe(0);
    expect(JSON.stringify(await counters())).not.toContain(chat.conversationId);
  });

  it("takes one question alone", async () => {
    const { visitor } = await endedChat("counsellor");
    const before = await tally("survey_again", "no");
    expect((await post("/api/survey", { ticket: visitor.survey, again: "no" })).status).toBe(204);
    expect(await tally("survey_again", "no")).toBe(before + 1);
  });

  it("refuses malformed bodies and unknown tickets, spending nothing", async () => {
    const { visitor, chat } = await endedChat("visitor");
    const ticket = visitor.survey;
    const bad = [
      {},
      { ticket },
      { ticket, helped: "very" },
      { ticket, again: "yes please" },
      { ticket: "short", helped: "yes" },
      { ticket, helped: "yes", conversationId: chat.conversationId },
      { ticket, helped: "yes", token: chat.token },
      { ticket: 42, helped: "yes" },
    ];
    for (const body of bad) expect((await post("/api/survey", body)).status, JSON.stringify(body)).toBe(400);
    const notJson = await request("/api/survey", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect((await post("/api/survey", { ticket: "A".repeat(22), helped: "yes" })).status).toBe(409);
    // The ticket survived all that.
    expect((await post("/api/survey", { ticket, helped: "no" })).status).toBe(204);
  });

  it("is rate-limited per network", async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post("/api/survey", { ticket: `${"B".repeat(20)}${String(i).padStart(2, "0")}`, helped: "yes" }, address)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(409));
    expect(statuses[10]).toBe(429);
    expect((await post("/api/survey", { ticket: "C".repeat(22), helped: "yes" }, newAddress())).status).toBe(409);
  });
});

describe("survey counts on the dashboard", () => {
  it("are suppressed like every count, the same in JSON and CSV, beside the visitors blocked", async () => {
    const stats = env.STATS.getByName(WEST);
    const at = Date.UTC(2026, 2, 4, 12);
    for (let i = 0; i < 3; i++) await stats.increment("survey_helped", "yes", at);
    for (let i = 0; i < 7; i++) await stats.increment("survey_helped", "no", at);
    for (let i = 0; i < 12; i++) await stats.increment("survey_again", "maybe", at);
    for (let i = 0; i < 2; i++) await stats.increment("visitor_blocked", "", at);
    const coordinator = await staffer("coordinator", "Coord", [WEST]);
    const range = "from=2026-03-02&to=2026-03-08&helpline=west";
    const report = await (await request(`/api/dashboard?${range}`, { cookie: coordinator.cookie })).json<DashboardReport>();
    expect(report.survey.helped).toEqual({ yes: "<5", a_bit: 0, no: 5 });
    expect(report.survey.again).toEqual({ yes: 0, maybe: 10, no: 0 });
    expect(report.totals.visitorsBlocked).toBe("<5");
    const csv = await (await request(`/api/dashboard.csv?${range}`, { cookie: coordinator.cookie })).text();
    expect(csv).toContain("survey_helped,yes,<5\r\n");
    expect(csv).toContain("survey_helped,no,5\r\n");
    expect(csv).toContain("survey_come_back,maybe,10\r\n");
    expect(csv).toContain("total,visitorsBlocked,<5\r\n");
  });
});
