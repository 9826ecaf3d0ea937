/**
 * Every protection holds for the time it promises across eviction: the object that keeps it is evicted
 * in the middle of the flow (as an idle object is, after seconds) and the protection still holds: a
 * block, a chat's network tag made before (the day's key), a limit's count, the start's proof-of-work
 * escalation and a challenge issued before, a survey ticket, and the Desk's start window. And at
 * midnight UTC the alarm deletes the day's key with every row made under it; the Desk's starts go after their hour.
 */
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BlockResult } from "../../schema/block";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { StartChallenge, StartChatResponse } from "../../schema/http";
import { LIMITS } from "../../schema/limits";
import { type TierKey, addressTiers, networkPrefix } from "../../worker/client-prefix";
import { config } from "../../worker/config";
import { nextUtcMidnight, utcDay } from "../../schema/day-key";
import { VISITORS_OBJECT, limiterName } from "../../worker/limiter-shards";
import { type Count, attemptsPerWindow } from "../../worker/rate-limiter";
import { FLOOD_MINUTES, FLOOD_SHOWN_PER_MINUTE } from "../../schema/desk";
import { solve } from "../../web/visitor/proof-of-work";
import { accept, arrive, connectCounsellor, connectVisitor, request, startFrom, withinOneUtcDay } from "./helpers";
import { post } from "./keep";
import { lastDesk, openConsole, staffer } from "./staff-helpers";

// Every promise here holds until midnight UTC, when the day's key goes with every row under it.
withinOneUtcDay();

let nets = 0;
const run = crypto.getRandomValues(new Uint16Array(1))[0]?.toString(16);
/** A network of its own per use, in a /48 of its own (limits count each tier): no test shares a count, a block or a difficulty with another. */
const newNetwork = () => `2001:${run}:${(++nets).toString(16)}::5`;
const visitors = () => env.RATE_LIMITER.getByName(VISITORS_OBJECT);
const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);

const postFrom = (address: string, path: string, body: object) =>
  request(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify(body) });

/** A chat from `address`, accepted by a new counsellor, with both sockets open. */
async function openChat(address: string) {
  const counsellor = await staffer("counsellor");
  const res = await startFrom(address);
  expect(res.status).toBe(201);
  const chat = await res.json<StartChatResponse>();
  await arrive(chat);
  const visitor = await connectVisitor(chat);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const socket = await connectCounsellor(counsellor.cookie, chat.conversationId);
  return { counsellor, chat, visitor, socket };
}

const block = async (cookie: string, id: string) => (await postJson(`/api/console/chats/${id}/block`, { minutes: 60 }, cookie)).json<BlockResult>();
const postJson = (path: string, body: object, cookie: string) =>
  request(path, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });

/** A network that made its free starts, so its next start owes work. */
async function busyNetwork(): Promise<string> {
  const address = newNetwork();
  for (let i = 0; i < 2; i++) expect((await postFrom(address, "/api/chats", {})).status).toBe(201);
  return address;
}
const challengeFor = async (address: string) => (await postFrom(address, "/api/chats/challenge", {})).json<StartChallenge>();
const errorOf = async (res: Response) => ({ status: res.status, error: res.status >= 400 ? (await res.json<{ error: string }>()).error : null });

describe("a block", () => {
  it("still refuses the network's start after the RateLimiter was evicted", async () => {
    const address = newNetwork();
    const { chat, counsellor } = await openChat(address);
    expect(await block(counsellor.cookie, chat.conversationId)).toMatchObject({ network: true });
    await evictDurableObject(visitors());
    expect(await errorOf(await startFrom(address))).toEqual({ status: 403, error: "blocked" });
    const supervisor = await staffer("supervisor");
    const listed = await (await request("/api/console/blocks", { cookie: supervisor.cookie })).json<{ blocks: { by: string }[] }>();
    expect(listed.blocks.some((b) => b.by === `counsellor ${counsellor.login.split("-")[1]}`)).toBe(true);
  });

  it("reaches a network whose chat started before the RateLimiter was evicted (the day's key is the same)", async () => {
    const address = newNetwork();
    const { chat, counsellor } = await openChat(address);
    await evictDurableObject(visitors());
    expect(await block(counsellor.cookie, chat.conversationId)).toMatchObject({ network: true });
    expect(await errorOf(await startFrom(address))).toEqual({ status: 403, error: "blocked" });
  });
});

describe("a limit", () => {
  it("keeps a client's failed sign-ins on one name through eviction", async () => {
    const count: Count = { what: "signInName", key: `${networkPrefix(newNetwork())}|someone` };
    const shard = () => env.RATE_LIMITER.getByName(limiterName(count));
    const max = attemptsPerWindow(config(env)).signInName;
    for (let i = 0; i < max; i++) expect(await shard().allow([count])).toEqual([true]);
    await evictDurableObject(shard());
    expect(await shard().allow([count])).toEqual([false]);
  });

  it("keeps a network's chat starts through eviction", async () => {
    const count: Count = { what: "start", key: networkPrefix(newNetwork()) };
    const shard = () => env.RATE_LIMITER.getByName(limiterName(count));
    for (let i = 0; i < LIMITS.chatStartsPerWindow; i++) await shard().allow([count]);
    await evictDurableObject(shard());
    expect(await shard().allow([count])).toEqual([false]);
  });
});

describe("the start's proof of work", () => {
  it("still asks a busy network for work after the RateLimiter was evicted", async () => {
    const address = await busyNetwork();
    await evictDurableObject(visitors());
    expect(await errorOf(await postFrom(address, "/api/chats", {}))).toEqual({ status: 403, error: "challenge_required" });
    expect((await challengeFor(address)).bits).toBeGreaterThan(0);
  });

  it("takes a challenge issued before the eviction, once", async () => {
    const address = await busyNetwork();
    const issued = await challengeFor(address);
    const proof = { challenge: issued.challenge, counter: await solve(issued.challenge, issued.bits) };
    await evictDurableObject(visitors());
    expect((await postFrom(address, "/api/chats", { proof })).status).toBe(201);
    await evictDurableObject(visitors());
    expect(await errorOf(await postFrom(address, "/api/chats", { proof }))).toEqual({ status: 403, error: "challenge_spent" });
  });
});

describe("a survey ticket", () => {
  it("can still be answered after the RateLimiter was evicted, once", async () => {
    const { visitor, socket } = await openChat(newNetwork());
    socket.send({ type: "end" });
    const ticket = (await visitor.next("ended")).survey;
    expect(ticket).toBeDefined();
    await evictDurableObject(visitors());
    expect((await post("/api/survey", { ticket, helped: "yes" })).status).toBe(204);
    await evictDurableObject(visitors());
    expect((await post("/api/survey", { ticket, helped: "yes" })).status).toBe(409);
  });
});

describe("the Desk's start window", () => {
  it("keeps a network's urgent starts and the flood line through eviction", async () => {
    // The tags the RateLimiter gives a client: of its network, and of its /56 and /48 (worker/client-prefix.ts).
    const network = newNetwork();
    const tiers: TierKey[] = addressTiers(network).map(({ tier }) => ({ tier, key: `k.${tier}.${network}` }));
    // Enough starts within a minute, from every network together, for the console's flood line.
    const starts = Math.max(LIMITS.urgentFirstPerHour, FLOOD_SHOWN_PER_MINUTE);
    const firsts: boolean[] = [];
    for (let i = 0; i < starts; i++) {
      const admission = await desk().admitStart(tiers, true);
      firsts.push(admission.admitted && admission.urgentFirst);
    }
    expect(firsts.filter(Boolean)).toHaveLength(LIMITS.urgentFirstPerHour);
    await evictDurableObject(desk());
    expect(await desk().admitStart(tiers, true)).toEqual({ admitted: true, urgentFirst: false });
    // Another /64 of the same /48 shares its cap, through the eviction too.
    const neighbour = tiers.map((t) => (t.tier === "network" ? { ...t, key: `k.network.another /64 of ${network}` } : t));
    expect(await desk().admitStart(neighbour, true)).toEqual({ admitted: true, urgentFirst: false });
    const socket = await openConsole((await staffer("supervisor")).cookie);
    // At least these starts (others of this file may have started within the minute too).
    expect(lastDesk(socket).flood?.perMinute).toBeGreaterThanOrEqual(starts + 2);
    expect(lastDesk(socket).flood?.minutes).toBe(FLOOD_MINUTES);
    socket.close();
  });
});

/** Pretends the stored key was made yesterday: what the object holds when its alarm comes at midnight. */
function ageKey(stub: DurableObjectStub): Promise<void> {
  return runInDurableObject(stub, (_obj, state) => {
    state.storage.sql.exec("UPDATE day_key SET day = ?", utcDay(Date.now() - 86_400_000));
  });
}
const rows = (stub: DurableObjectStub, table: string, where = "1") =>
  runInDurableObject(stub, (_obj, state) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).one().n);

describe("midnight UTC", () => {
  it("deletes the RateLimiter's day's key and every row made under it; a chat of the old key cannot block its network", async () => {
    const address = newNetwork();
    const { chat, counsellor } = await openChat(address);
    const issuedTo = await busyNetwork();
    const issued = await challengeFor(issuedTo);
    const spentBy = await busyNetwork();
    const spent = await challengeFor(spentBy);
    expect((await postFrom(spentBy, "/api/chats", { proof: { challenge: spent.challenge, counter: await solve(spent.challenge, spent.bits) } })).status).toBe(201);
    const blockedAddress = newNetwork();
    const blocked = await openChat(blockedAddress);
    expect(await block(blocked.counsellor.cookie, blocked.chat.conversationId)).toMatchObject({ network: true });
    const alarm = await runInDurableObject(visitors(), (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm).toBeLessThanOrEqual(nextUtcMidnight(Date.now()));
    for (const table of ["day_key", "start_demands", "spent_challenges", "blocks"]) expect(await rows(visitors(), table), table).toBeGreaterThan(0);

    await ageKey(visitors());
    expect(await runDurableObjectAlarm(visitors())).toBe(true);
    for (const table of ["day_key", "start_demands", "spent_challenges", "attempts"]) expect(await rows(visitors(), table), table).toBe(0);
    expect(await rows(visitors(), "blocks", "network IS NOT NULL")).toBe(0);
    // The next alarm comes by the new key's midnight, if there is anything to delete.
    const next = await runInDurableObject(visitors(), (_obj, state) => state.storage.getAlarm());
    expect(next === null || next <= nextUtcMidnight(Date.now())).toBe(true);

    // Nothing of the old key links to a network now: its block matches nothing, the chat's tag of it
    // blocks nothing, and a challenge signed under it no longer verifies.
    expect((await startFrom(blockedAddress)).status).toBe(201);
    expect(await block(counsellor.cookie, chat.conversationId)).toMatchObject({ network: false });
    expect((await startFrom(address)).status).toBe(201);
    const proof = { challenge: issued.challenge, counter: await solve(issued.challenge, issued.bits) };
    expect(await errorOf(await postFrom(issuedTo, "/api/chats", { proof }))).toEqual({ status: 403, error: "challenge_invalid" });
  });

  it("deletes each shard's key and counts too", async () => {
    const count: Count = { what: "code", key: networkPrefix(newNetwork()) };
    const shard = env.RATE_LIMITER.getByName(limiterName(count));
    await shard.allow([count]);
    expect(await rows(shard, "attempts")).toBeGreaterThan(0);
    await ageKey(shard);
    expect(await runDurableObjectAlarm(shard)).toBe(true);
    expect(await rows(shard, "day_key")).toBe(0);
    expect(await rows(shard, "attempts")).toBe(0);

    // The deleted key's bytes must leave the files too: a rewrite is booked in storage, so an eviction
    // before it is made does not forget it, and the alarm comes for it and makes it.
    expect(await rows(shard, "erasure_due")).toBe(1);
    await evictDurableObject(shard);
    const due = await runInDurableObject(shard, (_obj, state) => state.storage.sql.exec<{ at: number }>("SELECT at FROM erasure_due").one().at);
    expect(await runInDurableObject(shard, (_obj, state) => state.storage.getAlarm())).toBeLessThanOrEqual(due);
    await runInDurableObject(shard, (_obj, state) => state.storage.sql.exec("UPDATE erasure_due SET at = ?", Date.now() - 1));
    expect(await runDurableObjectAlarm(shard)).toBe(true);
    expect(await rows(shard, "erasure_due")).toBe(0);
  });

  it("if the alarm is late, the first use on the new day deletes the old key and its rows before anything else", async () => {
    const count: Count = { what: "token", key: networkPrefix(newNetwork()) };
    const shard = () => env.RATE_LIMITER.getByName(limiterName(count));
    await shard().allow([count]);
    const keyOf = () => runInDurableObject(shard(), (_obj, state) => state.storage.sql.exec<{ day: string; key_id: string }>("SELECT day, key_id FROM day_key").one());
    const before = await keyOf();
    await ageKey(shard());
    // Evicted, as an object is by the time a day has passed: it reads the key afresh.
    await evictDurableObject(shard());
    expect(await shard().allow([{ what: "token", key: networkPrefix(newNetwork()) }])).toEqual([true]);
    const after = await keyOf();
    expect(after.day).toBe(utcDay(Date.now()));
    expect(after.key_id).not.toBe(before.key_id);
    expect(await rows(shard(), "attempts")).toBe(1);
  });

  it("leaves the Desk's starts to the hour they count for: no key of its own, only tags of the RateLimiter's", async () => {
    expect((await desk().admitStart([{ tier: "network", key: `k.${newNetwork()}` }], false)).admitted).toBe(true);
    const tables = await runInDurableObject(desk(), (_obj, state) => state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().map((t) => t.name));
    expect(tables).not.toContain("day_key");
    const alarm = await runInDurableObject(desk(), (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm).toBeLessThanOrEqual(Date.now() + 3_600_000 + 60_000);
    // An hour on (the rows made older rather than the clock moved): the alarm deletes them all.
    await runInDurableObject(desk(), (_obj, state) => void state.storage.sql.exec("UPDATE starts SET at = at - 3600000"));
    expect(await runDurableObjectAlarm(desk())).toBe(true);
    expect(await rows(desk(), "starts")).toBe(0);
  });
});
