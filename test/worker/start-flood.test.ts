/**
 * Floods of starts: a helpline-wide ceiling per minute answers 503 very_busy; self-declared urgency
 * from one network beyond a few an hour is queued but not put first; the console sees a flood from
 * many networks as a count of starts a minute; and a legitimate visitor from elsewhere still starts,
 * is queued, accepted and heard. A flood from many /64s of one /48: prefix-flood.test.ts.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FLOOD_MINUTES, FLOOD_SHOWN_PER_MINUTE } from "../../schema/desk";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import { LIMITS } from "../../schema/limits";

/** The default, which the test config keeps. */
const URGENT_FIRST_PER_HOUR = LIMITS.urgentFirstPerHour;
import { deskSnapshot, queueOrder } from "./staff-helpers";
import { accept, arrive, connectCounsellor, connectVisitor, freshNetwork, loginAdmin, startFrom } from "./helpers";

/** The ceiling the test config sets (vitest.config.ts). */
const STARTS_PER_MINUTE = 1000;

async function started(address: string, body: object): Promise<StartChatResponse> {
  const res = await startFrom(address, body);
  expect(res.status).toBe(201);
  return res.json<StartChatResponse>();
}


describe("a helpline-wide ceiling on starts", () => {
  it("answers 503 very_busy once the helpline took its starts for the minute; other helplines go on", async () => {
    const west = env.DESK.getByName("west");
    for (let i = 0; i < STARTS_PER_MINUTE; i++) expect((await west.admitStart([{ tier: "network", key: `tag of 203.0.113.${i % 250}` }], false)).admitted).toBe(true);
    const res = await startFrom("198.51.100.77", {}, "/api/chats?helpline=west");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: "very_busy" });
    // Another helpline is not affected.
    expect((await startFrom("198.51.100.77", {})).status).toBe(201);
  });
});

describe("a flood of urgent starts from one network", () => {
  it(`puts only ${URGENT_FIRST_PER_HOUR} first, still queues and marks the rest`, async () => {
    const cookie = await loginAdmin();
    const early = await started("192.0.2.200", { inDanger: false });
    await arrive(early);
    // Ordinary traffic shows no flood.
    expect((await deskSnapshot(cookie)).flood).toBeUndefined();
    const flood: StartChatResponse[] = [];
    for (let i = 0; i < URGENT_FIRST_PER_HOUR + 4; i++) flood.push(await started("192.0.2.66", { inDanger: true }));
    for (const chat of flood) await arrive(chat);
    const order = await queueOrder();
    const earlyAt = order.indexOf(early.conversationId);
    // The first few urgent chats go before the earlier ordinary one; the rest wait behind it.
    expect(flood.slice(0, URGENT_FIRST_PER_HOUR).every((c) => order.indexOf(c.conversationId) < earlyAt)).toBe(true);
    expect(flood.slice(URGENT_FIRST_PER_HOUR).every((c) => order.indexOf(c.conversationId) > earlyAt)).toBe(true);
    const snapshot = await deskSnapshot(cookie);
    // Still marked in danger for the counsellor, whoever they are.
    const last = flood.at(-1);
    expect(snapshot.queue.find((q) => q.conversationId === last?.conversationId)?.inDanger).toBe(true);
  });

});

describe("the console's flood line", () => {
  it("counts the starts of a minute from every network together, never which network", async () => {
    const cookie = await loginAdmin();
    // One start from each of many networks: no network stands out, the helpline's minute does.
    const networks = Array.from({ length: FLOOD_SHOWN_PER_MINUTE }, () => freshNetwork());
    for (const address of networks) await arrive(await started(address, { inDanger: true }));
    const snapshot = await deskSnapshot(cookie);
    expect(snapshot.flood?.minutes).toBe(FLOOD_MINUTES);
    expect(snapshot.flood?.perMinute).toBeGreaterThanOrEqual(FLOOD_SHOWN_PER_MINUTE);
    for (const address of networks) expect(JSON.stringify(snapshot)).not.toContain(address.split("::")[0]);
  });
});

describe("the flood of the issue", () => {
  it("many chats from one /64 cannot keep a visitor from elsewhere out: started, queued, accepted, heard intact", { timeout: 90_000 }, async () => {
    const cookie = await loginAdmin();
    // A hostile client rotating addresses within one IPv6 /64, each chat said hello to, all "in danger".
    // One network, however many addresses: the per-network start limit refuses all but the first few,
    // and of those only the first few urgent ones go first.
    const cappedNow = () =>
      runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'waiting' AND urgency_capped = 1").one().n,
      );
    const cappedBefore = await cappedNow();
    const statuses: number[] = [];
    for (let i = 1; i <= 60; i++) {
      const res = await startFrom(`2001:db8:bad:1::${i.toString(16)}`, { inDanger: true });
      statuses.push(res.status);
      if (res.status === 201) await arrive(await res.json<StartChatResponse>());
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMITS.chatStartsPerWindow);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - LIMITS.chatStartsPerWindow);
    expect((await cappedNow()) - cappedBefore).toBe(LIMITS.chatStartsPerWindow - URGENT_FIRST_PER_HOUR);
    const legit = await started("198.51.100.23", { inDanger: false, language: "nl" });
    const visitor = await connectVisitor(legit);
    expect((await visitor.next("queue")).position).toBeGreaterThanOrEqual(1);
    expect(await env.DESK.getByName(DEFAULT_HELPLINE).isOpen(legit.conversationId)).toBe(true);

    expect((await accept(cookie, legit.conversationId)).status).toBe(204);
    await visitor.next("joined");
    const counsellor = await connectCounsellor(cookie, legit.conversationId);
    const said = ["ik weet niet of ik dit mag zeggen", "hij zegt dat ik hem geld schuld", "ik ben 15"];
    for (const [i, text] of said.entries()) visitor.send({ type: "send", cid: `v${i}`, text });
    for (const text of said) expect((await counsellor.next("msg")).text).toBe(text);
    counsellor.send({ type: "send", cid: "c0", text: "Fijn dat je het vertelt. Je bent hier veilig." });
    expect((await visitor.next("msg")).text).toBe("Fijn dat je het vertelt. Je bent hier veilig.");
    expect(visitor.all("ack").map((a) => a.seq)).toEqual([1, 2, 3]);
  });
});
