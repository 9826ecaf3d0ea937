/**
 * Blocking an abusive visitor by the keyed hash of their network: only the chat's own counsellor may,
 * it ends the chat, the network's next start is refused with a typed `blocked` while another network
 * starts, a supervisor sees and lifts it, it expires, a stale hash blocks nothing, and a kept chat's
 * resume is barred until the block ends. Audited without the chat; counted in Stats.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ActiveBlocks, BlockResult } from "../../schema/block";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import { BlockList } from "../../worker/block-list";
import { addressTiers } from "../../worker/client-prefix";
import { VISITORS_OBJECT } from "../../worker/limiter-shards";
import { accept, arrive, connectCounsellor, connectVisitor, postJson, request, startFrom, withinOneUtcDay } from "./helpers";
import { keepChat, post } from "./keep";
import { staffer } from "./staff-helpers";

let nets = 0;
/** A network of its own per test (in a /48 of its own, as start limits count each tier): a block must never reach another test's visitors. */
const newNetwork = () => `2001:db8:${(++nets).toString(16)}:b10c::7`;

async function startedFrom(address: string): Promise<StartChatResponse> {
  const res = await startFrom(address);
  expect(res.status).toBe(201);
  const chat = await res.json<StartChatResponse>();
  await arrive(chat);
  return chat;
}

/** A chat from `address`, accepted by a new counsellor, with both sockets open. */
async function openChat(address: string) {
  const counsellor = await staffer("counsellor");
  const chat = await startedFrom(address);
  const visitor = await connectVisitor(chat);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const socket = await connectCounsellor(counsellor.cookie, chat.conversationId);
  return { counsellor, chat, visitor, socket };
}

const block = (cookie: string, id: string, minutes = 60) => postJson(`/api/console/chats/${id}/block`, { minutes }, { cookie });
const blocks = async (cookie: string) => (await (await request("/api/console/blocks", { cookie })).json<ActiveBlocks>()).blocks;
const limiter = () => env.RATE_LIMITER.getByName(VISITORS_OBJECT);

async function visitorsBlocked(): Promise<number> {
  return runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ n: number }>("SELECT coalesce(sum(count), 0) AS n FROM counters WHERE metric = 'visitor_blocked'").one().n,
  );
}

// A block holds until its end or midnight UTC, when the day's key goes.
withinOneUtcDay();

describe("blocking a visitor", () => {
  it("is refused to anyone but the chat's own counsellor", async () => {
    const address = newNetwork();
    const { chat } = await openChat(address);
    const colleague = await staffer("counsellor");
    const supervisor = await staffer("supervisor");
    const coordinator = await staffer("coordinator");
    expect((await block(colleague.cookie, chat.conversationId)).status).toBe(403);
    expect((await block(supervisor.cookie, chat.conversationId)).status).toBe(403);
    expect((await block(coordinator.cookie, chat.conversationId)).status).toBe(403);
    expect((await postJson(`/api/console/chats/${chat.conversationId}/block`, { minutes: 60 })).status).toBe(401);
    // Nothing was blocked: the network still starts.
    expect((await startFrom(address)).status).toBe(201);
  });

  it("refuses lengths other than the offered ones", async () => {
    const { chat, counsellor } = await openChat(newNetwork());
    for (const body of [{ minutes: 1441 }, { minutes: 0 }, { minutes: "60" }, {}, { minutes: 60, network: "x" }]) {
      expect((await postJson(`/api/console/chats/${chat.conversationId}/block`, body, { cookie: counsellor.cookie })).status).toBe(400);
    }
  });

  it("ends the chat kindly, refuses that network's next start with a typed code while another network starts, and is counted and audited", async () => {
    const address = newNetwork();
    const before = await visitorsBlocked();
    const { chat, counsellor, visitor, socket } = await openChat(address);
    const res = await block(counsellor.cookie, chat.conversationId, 240);
    expect(res.status).toBe(200);
    const result = await res.json<BlockResult>();
    expect(result).toMatchObject({ network: true, resume: false });
    expect(result.until).toBeGreaterThan(Date.now() + 239 * 60_000);
    const ended = await visitor.next("ended");
    expect(ended.by).toBe("blocked");
    // A blocked chat hands out no survey ticket.
    expect(ended.survey).toBeUndefined();
    expect((await socket.next("ended")).by).toBe("blocked");

    const refused = await startFrom(address);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "blocked" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same /64, another address in it: the same network.
    expect((await startFrom(address.replace(/::7$/, "::8"))).status).toBe(403);
    expect((await startFrom(newNetwork())).status).toBe(201);
    // Another helpline is not blocked.
    const west = await startFrom(address, {}, "/api/chats?helpline=west");
    expect(west.status).toBe(201);
    // A second block of the ended chat is refused.
    expect((await block(counsellor.cookie, chat.conversationId)).status).toBe(403);

    expect(await visitorsBlocked()).toBe(before + 1);
    const admin = await staffer("admin");
    const audit = await (await request("/api/admin/audit", { cookie: admin.cookie })).text();
    expect(audit).toContain("visitor_blocked");
    expect(audit).not.toContain(chat.conversationId);
  });

  it("is listed for a supervisor (never for a counsellor), who lifts it; the network starts again", async () => {
    const address = newNetwork();
    const { chat, counsellor } = await openChat(address);
    expect((await block(counsellor.cookie, chat.conversationId)).status).toBe(200);
    expect((await startFrom(address)).status).toBe(403);
    expect((await request("/api/console/blocks", { cookie: counsellor.cookie })).status).toBe(403);
    const supervisor = await staffer("supervisor");
    const mine = (await blocks(supervisor.cookie)).filter((b) => b.by === `counsellor ${counsellor.login.split("-")[1]}`);
    expect(mine).toHaveLength(1);
    const [entry] = mine;
    if (!entry) throw new Error("no block listed");
    expect(entry).toMatchObject({ network: true, resume: false });
    expect(JSON.stringify(await blocks(supervisor.cookie))).not.toContain(chat.conversationId);
    // A supervisor of another helpline sees none of it and cannot lift it.
    const westSupervisor = await staffer("supervisor", "West sup", ["west"]);
    expect(await blocks(westSupervisor.cookie)).toEqual([]);
    expect((await postJson(`/api/console/blocks/${entry.id}/lift`, {}, { cookie: westSupervisor.cookie })).status).toBe(404);
    expect((await postJson(`/api/console/blocks/${entry.id}/lift`, {}, { cookie: counsellor.cookie })).status).toBe(403);

    expect((await postJson(`/api/console/blocks/${entry.id}/lift`, {}, { cookie: supervisor.cookie })).status).toBe(204);
    expect((await postJson(`/api/console/blocks/${entry.id}/lift`, {}, { cookie: supervisor.cookie })).status).toBe(404);
    expect((await postJson("/api/console/blocks/not-an-id!/lift", {}, { cookie: supervisor.cookie })).status).toBe(404);
    expect((await startFrom(address)).status).toBe(201);
    const admin = await staffer("admin");
    expect(await (await request("/api/admin/audit", { cookie: admin.cookie })).text()).toContain("block_lifted");
  });

  it("expires on its own", async () => {
    const address = newNetwork();
    // The network as the worker names it (client-prefix.ts), blocked for a moment only.
    const { tag } = await limiter().visitorNetwork(DEFAULT_HELPLINE, addressTiers(address));
    expect(await limiter().block({ helpline: DEFAULT_HELPLINE, network: tag, until: Date.now() + 300, byName: "x", keptChat: null })).toEqual({ network: true });
    expect((await startFrom(address)).status).toBe(403);
    await expect.poll(async () => (await startFrom(address)).status, { timeout: 3000, interval: 100 }).toBe(201);
  });

  it("blocks nothing with a network hash made under an earlier key", async () => {
    expect(await limiter().block({ helpline: DEFAULT_HELPLINE, network: "oldkey.abc", until: Date.now() + 60_000, byName: "x", keptChat: null })).toBeNull();
  });

  it("bars a kept chat's resume until a supervisor lifts it, from any network", async () => {
    const address = newNetwork();
    const { chat, counsellor } = await openChat(address);
    const { code } = await keepChat(chat);
    const res = await block(counsellor.cookie, chat.conversationId, 1440);
    expect(await res.json()).toMatchObject({ network: true, resume: true });
    const refused = await post("/api/resume", { code });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "blocked" });
    // The network hash is not kept once the chat is parked.
    const tag = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec<{ tag: string | null }>("SELECT tag FROM network").one().tag,
    );
    expect(tag).toBeNull();

    const supervisor = await staffer("supervisor");
    const entry = (await blocks(supervisor.cookie)).find((b) => b.resume);
    if (!entry) throw new Error("no block listed");
    expect((await postJson(`/api/console/blocks/${entry.id}/lift`, {}, { cookie: supervisor.cookie })).status).toBe(204);
    expect((await post("/api/resume", { code })).status).toBe(200);
  });

  it("lets a kept chat be resumed once its bar has run out", async () => {
    const { chat, counsellor } = await openChat(newNetwork());
    const { code } = await keepChat(chat);
    expect((await block(counsellor.cookie, chat.conversationId)).status).toBe(200);
    expect((await post("/api/resume", { code })).status).toBe(403);
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE network SET resume_blocked_until = ?", Date.now() - 1);
    });
    expect((await post("/api/resume", { code })).status).toBe(200);
    const left = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec<{ until: number | null; tag: string | null }>("SELECT resume_blocked_until AS until, tag FROM network").one(),
    );
    // The spent bar is cleared; the resuming network's hash is remembered for the chat's new life.
    expect(left.until).toBeNull();
    expect(left.tag).not.toBeNull();
  });
});

describe("the block list", () => {
  it("forgets a block at its expiry, and a network's hash when the day's key goes (a kept chat's bar stays to its end)", async () => {
    await runInDurableObject(env.RATE_LIMITER.getByName(`block-list-${crypto.randomUUID()}`), (_obj, state) => {
      const list = new BlockList(state.storage.sql);
      list.add({ helpline: "h", network: "k.n", until: 1000, byName: "S", keptChat: null });
      expect(list.blockedUntil("h", "k.n", 999)).toBe(1000);
      expect(list.blockedUntil("other", "k.n", 999)).toBeNull();
      expect(list.blockedUntil("h", "k.n", 1000)).toBeNull();
      const until = Date.now() + 60_000;
      list.add({ helpline: "h", network: "k.n", until, byName: "S", keptChat: null });
      list.add({ helpline: "h", network: "k.m", until, byName: "S", keptChat: "chat" });
      list.retire();
      expect(list.blockedUntil("h", "k.n", Date.now())).toBeNull();
      expect(list.blockedUntil("h", "k.m", Date.now())).toBeNull();
      expect(list.list("h", Date.now())).toEqual([expect.objectContaining({ until, network: false, resume: true })]);
    });
  });
});
