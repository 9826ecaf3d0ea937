/**
 * The flood of issue 20: /64s of one /48, thousands of them, each paying the proof of work, every
 * chat said to be "in danger" and said hello to. The /48 is one tier of all their addresses
 * (worker/client-prefix.ts): its start allowance refuses the flood after a few dozen chats, whichever
 * of its /64s and /56s asks, so flooding on is pointless and the test stops there; only the first few
 * of its urgent chats went first, before the /48 was known as a flood; and a visitor in danger from
 * another network starts, is queued ahead of the flood's other urgent chats, and is answered.
 * A file of its own: its helpline's queue and start window hold this flood alone.
 */
import { describe, expect, it } from "vitest";
import { FLOOD_SHOWN_PER_MINUTE } from "../../schema/desk";
import type { StartChatResponse } from "../../schema/http";
import { LIMITS } from "../../schema/limits";
import { TIER_SHARE } from "../../worker/client-prefix";
import { accept, arrive, connectCounsellor, connectVisitor, freshNetwork, loginAdmin, startFrom } from "./helpers";
import { deskSnapshot, queueOrder } from "./staff-helpers";

/** The flood's /64s, all in one /48. */
const FLOOD_NETWORKS = 2000;
/** Starts one /48 gets per window: the default per network (the test config keeps it) times the /48's share. */
const BLOCK_ALLOWANCE = LIMITS.chatStartsPerWindow * TIER_SHARE.block;
/** The default, which the test config keeps: urgent starts per tier per hour that go first. */
const URGENT_FIRST_PER_HOUR = LIMITS.urgentFirstPerHour;

const block = `2001:db8:${(crypto.getRandomValues(new Uint16Array(1))[0] ?? 0).toString(16)}`;
/** The i-th /64 of the flood: it goes through all 256 /56s of the /48 before any /56 gets a second, so only the /48 ties them together. */
const floodAddress = (i: number) => `${block}:${(((i % 256) << 8) | (i >> 8)).toString(16)}::1`;


describe("a flood from many /64s of one /48", () => {
  // Bounded: the flood stops at its first refusal (about BLOCK_ALLOWANCE starts); before the tiers the
  // queue's 200 places ended it. The flood line's check below relies on the flood taking under 2 minutes.
  it(`is refused after ${BLOCK_ALLOWANCE} starts, puts only ${URGENT_FIRST_PER_HOUR} first, and a visitor in danger from elsewhere is queued ahead of the rest and answered`, { timeout: 110_000 }, async () => {
    const cookie = await loginAdmin();
    const flood: StartChatResponse[] = [];
    let refusal: { after: number; status: number; error: string } | null = null;
    for (let i = 0; i < FLOOD_NETWORKS && refusal === null; i++) {
      // Each start as the page makes it: with the work the server asks for, solved.
      const res = await startFrom(floodAddress(i), { inDanger: true });
      if (res.status === 201) {
        const chat = await res.json<StartChatResponse>();
        await arrive(chat);
        flood.push(chat);
      } else {
        refusal = { after: i, status: res.status, error: (await res.json<{ error: string }>()).error };
      }
    }
    // The /48's own allowance stopped it: not a full queue, not the helpline's ceiling.
    expect(refusal).toEqual({ after: BLOCK_ALLOWANCE, status: 429, error: "rate_limited" });
    expect(flood).toHaveLength(BLOCK_ALLOWANCE);
    // Pointless to go on: a /64 the flood never used, in a /56 it never used, and its last /64 are refused too.
    for (const i of [BLOCK_ALLOWANCE + 1, FLOOD_NETWORKS - 1]) expect((await startFrom(floodAddress(i), { inDanger: true })).status).toBe(429);

    // A young person in danger on another network: starts, with no work to show.
    const res = await startFrom(freshNetwork(), { inDanger: true, language: "nl" });
    expect(res.status).toBe(201);
    const legit = await res.json<StartChatResponse>();
    const visitor = await connectVisitor(legit);
    const place = (await visitor.next("queue")).position;

    // Only the flood's first few urgent chats went first; the visitor comes right after them, ahead of every other flood chat.
    const order = await queueOrder();
    const firstFew = flood.slice(0, URGENT_FIRST_PER_HOUR).map((c) => c.conversationId);
    expect(order.slice(0, order.indexOf(legit.conversationId))).toEqual(firstFew);
    expect(place).toBe(URGENT_FIRST_PER_HOUR + 1);
    expect(order.slice(URGENT_FIRST_PER_HOUR + 1)).toEqual(flood.slice(URGENT_FIRST_PER_HOUR).map((c) => c.conversationId));

    // The console shows the flood as starts a minute (more than BLOCK_ALLOWANCE starts in under 2 minutes put
    // at least half of them in one minute), never a network; the flood's chats still show as in danger.
    const snapshot = await deskSnapshot(cookie);
    expect(snapshot.flood?.perMinute).toBeGreaterThanOrEqual(Math.max(FLOOD_SHOWN_PER_MINUTE, Math.ceil(BLOCK_ALLOWANCE / 2)));
    expect(snapshot.queue.find((q) => q.conversationId === flood.at(-1)?.conversationId)?.inDanger).toBe(true);
    expect(JSON.stringify(snapshot)).not.toContain(block);

    // And answered: a counsellor accepts the chat and both sides are heard.
    expect((await accept(cookie, legit.conversationId)).status).toBe(204);
    await visitor.next("joined");
    const counsellor = await connectCounsellor(cookie, legit.conversationId);
    visitor.send({ type: "send", cid: "v0", text: "ik ben bang, hij staat beneden" });
    expect((await counsellor.next("msg")).text).toBe("ik ben bang, hij staat beneden");
    counsellor.send({ type: "send", cid: "c0", text: "Ik ben er. Ben je nu veilig binnen?" });
    expect((await visitor.next("msg")).text).toBe("Ik ben er. Ben je nu veilig binnen?");
    visitor.close();
    counsellor.close();
  });
});
