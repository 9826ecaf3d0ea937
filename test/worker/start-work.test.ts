/**
 * The start's proof of work (worker/start-gate.ts): a network's first starts cost nothing, a network
 * (or a /48 or IPv4 /24 rotating through its addresses) that keeps starting is asked for more and more
 * work while a visitor from elsewhere still starts with none, and a forged, expired, reused or wrong
 * proof is refused with a typed 403.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StartChallenge, StartChatResponse } from "../../schema/http";
import { LIMITS } from "../../schema/limits";
import { leadingZeroBits, proofInput } from "../../schema/start-challenge";
import { TIER_SHARE, type TierKey } from "../../worker/client-prefix";
import { base64url } from "../../worker/crypto";
import { CHALLENGE_TTL_MS, DEMAND_WINDOW_MS, FLOOD_BITS, FREE_STARTS, type GateLimits, StartGate, bitsFor } from "../../worker/start-gate";
import { solve } from "../../web/visitor/proof-of-work";
import { arrive, connectVisitor, freshNetwork, request } from "./helpers";

const post = (address: string, path: string, body: object) =>
  request(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify(body) });
const challengeFor = async (address: string) => {
  const res = await post(address, "/api/chats/challenge", {});
  expect(res.status).toBe(200);
  return res.json<StartChallenge>();
};
const solved = async ({ challenge, bits }: StartChallenge) => ({ challenge, counter: await solve(challenge, bits) });
/** A counter that does not solve the challenge: the first that falls short. */
async function wrongCounter({ challenge, bits }: StartChallenge): Promise<number> {
  for (let counter = 0; ; counter++) if (leadingZeroBits(await crypto.subtle.digest("SHA-256", proofInput(challenge, counter))) < bits) return counter;
}
/** A network that already made its free starts, so its next start owes work. */
async function busyNetwork(): Promise<string> {
  const address = freshNetwork();
  for (let i = 0; i < 2; i++) expect((await post(address, "/api/chats", {})).status).toBe(201);
  return address;
}
async function refusal(res: Response): Promise<{ status: number; error: string }> {
  return { status: res.status, error: (await res.json<{ error: string }>()).error };
}

describe("the difficulty curve", () => {
  const one = (recent: number) => [{ recent, share: 1 }];

  it("is free for a network's first two starts in ten minutes, then 8 bits rising by 2 a start to the cap", () => {
    const curve = Array.from({ length: 9 }, (_, recent) => bitsFor(one(recent), false, LIMITS.startWorkMaxBits));
    expect(curve).toEqual([0, 0, 8, 10, 12, 12, 12, 12, 12]);
    // A flood puts a floor under every start, first ones too; the cap still holds, and 0 turns it all off.
    expect(bitsFor(one(0), true, LIMITS.startWorkMaxBits)).toBe(FLOOD_BITS);
    expect(bitsFor(one(4), true, LIMITS.startWorkMaxBits)).toBe(12);
    expect(bitsFor(one(9), true, 0)).toBe(0);
  });

  it("asks of a tier `share` networks wide what one network asks at 1/share of its starts; the dearest tier sets the price", () => {
    const share = TIER_SHARE.block;
    const curve = Array.from({ length: 5 * share }, (_, recent) => bitsFor([{ recent, share }], false, 16));
    expect(curve).toEqual([0, 0, 8, 10, 12].flatMap((bits) => Array<number>(share).fill(bits)));
    // A fresh /64 in a /48 that made 4 shares of starts pays the /48's price, and a busy /64 in a quiet /48 its own.
    expect(bitsFor([{ recent: 0, share: 1 }, { recent: 0, share: 2 }, { recent: 4 * share, share }], false, 16)).toBe(12);
    expect(bitsFor([{ recent: 3, share: 1 }, { recent: 3, share: 2 }, { recent: 3, share }], false, 16)).toBe(10);
  });

  it("rises for a network that keeps starting, while a visitor from elsewhere starts with no work", async () => {
    const flooder = await busyNetwork();
    expect(await refusal(await post(flooder, "/api/chats", {}))).toEqual({ status: 403, error: "challenge_required" });
    const bits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const challenge = await challengeFor(flooder);
      bits.push(challenge.bits);
      expect((await post(flooder, "/api/chats", { proof: await solved(challenge) })).status).toBe(201);
    }
    expect(bits).toEqual([8, 10, 12]);
    // Someone on another network: no challenge asked, none needed, and one they ask for costs nothing.
    expect((await post(freshNetwork(), "/api/chats", {})).status).toBe(201);
    expect((await challengeFor(freshNetwork())).bits).toBe(0);
  });

  it("asks rotating IPv4 addresses of one /24 for work once the /24 made its free starts; another /24 starts with none", async () => {
    const net = `198.18.${crypto.getRandomValues(new Uint8Array(1))[0]}`;
    const free = FREE_STARTS * TIER_SHARE.block;
    for (let i = 1; i <= free; i++) expect((await post(`${net}.${i}`, "/api/chats", {})).status).toBe(201);
    expect(await refusal(await post(`${net}.${free + 1}`, "/api/chats", {}))).toEqual({ status: 403, error: "challenge_required" });
    expect((await challengeFor(`${net}.${free + 2}`)).bits).toBe(8);
    expect((await post(`${net.replace("198.18.", "198.19.")}.1`, "/api/chats", {})).status).toBe(201);
  });

  it("counts asking for a challenge as a start, so a hoard of challenges gets dearer", async () => {
    const hoarder = freshNetwork();
    const hoard: number[] = [];
    for (let i = 0; i < 5; i++) hoard.push((await challengeFor(hoarder)).bits);
    expect(hoard).toEqual([0, 0, 8, 10, 12]);
    expect(await refusal(await post(hoarder, "/api/chats", {}))).toEqual({ status: 403, error: "challenge_required" });
  });
});

describe("a start with a proof", () => {
  it("starts a chat when the proof solves a challenge issued to its network, and the chat works", async () => {
    const address = await busyNetwork();
    const res = await post(address, "/api/chats", { inDanger: false, proof: await solved(await challengeFor(address)) });
    expect(res.status).toBe(201);
    const chat = await res.json<StartChatResponse>();
    await arrive(chat);
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "send", cid: "c1", text: "hallo" });
    expect((await visitor.next("ack")).cid).toBe("c1");
    visitor.close();
  });

  it("refuses a proof used twice", async () => {
    const address = await busyNetwork();
    const proof = await solved(await challengeFor(address));
    expect((await post(address, "/api/chats", { proof })).status).toBe(201);
    expect(await refusal(await post(address, "/api/chats", { proof }))).toEqual({ status: 403, error: "challenge_spent" });
  });

  it("refuses a wrong counter, and the challenge is spent by trying", async () => {
    const address = await busyNetwork();
    const challenge = await challengeFor(address);
    expect(await refusal(await post(address, "/api/chats", { proof: { challenge: challenge.challenge, counter: await wrongCounter(challenge) } }))).toEqual({
      status: 403,
      error: "challenge_unsolved",
    });
    expect(await refusal(await post(address, "/api/chats", { proof: await solved(challenge) }))).toEqual({ status: 403, error: "challenge_spent" });
  });

  it("refuses a forged challenge: fewer bits written in, another network's, or a made-up one", async () => {
    const address = await busyNetwork();
    const issued = await challengeFor(address);
    const cheaper = issued.challenge.replace(`.${issued.bits}.`, ".0.");
    expect(await refusal(await post(address, "/api/chats", { proof: { challenge: cheaper, counter: 0 } }))).toEqual({ status: 403, error: "challenge_invalid" });
    const elsewhere = await busyNetwork();
    expect(await refusal(await post(elsewhere, "/api/chats", { proof: await solved(issued) }))).toEqual({ status: 403, error: "challenge_invalid" });
    const madeUp = `${"A".repeat(22)}.${Date.now() + 60_000}.0.${"B".repeat(43)}`;
    expect(await refusal(await post(address, "/api/chats", { proof: { challenge: madeUp, counter: 0 } }))).toEqual({ status: 403, error: "challenge_invalid" });
    // Not a challenge at all is a malformed body.
    expect(await refusal(await post(address, "/api/chats", { proof: { challenge: "hello", counter: 0 } }))).toEqual({ status: 400, error: "bad_request" });
    expect(await refusal(await post(address, "/api/chats", { proof: { challenge: issued.challenge, counter: -1 } }))).toEqual({ status: 400, error: "bad_request" });
  });

  it("gets a typed refusal that the page starts over on, never a start, when its proof is refused", async () => {
    const address = await busyNetwork();
    const res = await post(address, "/api/chats", { proof: { challenge: (await challengeFor(address)).challenge.replace(/.$/, "x"), counter: 0 } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "challenge_invalid", message: "The challenge was not issued to this network. Ask for a new one." });
  });
});

describe("the gate itself, on its own clock", () => {
  const limits = { maxBits: LIMITS.startWorkMaxBits, floodPerMinute: 3 };
  /** A gate on a storage of its own, signing under a key of its own: nothing else's clock or rows. */
  const onOwnGate = (test: (gate: StartGate) => Promise<void>, own: GateLimits = limits) =>
    runInDurableObject(env.RATE_LIMITER.getByName(`gate-${crypto.randomUUID()}`), async (_obj, state) => {
      const key = (await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"])) as CryptoKey;
      const sign = async (text: string) => base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))));
      await test(new StartGate(state.storage.sql, sign, own));
    });
  /** A client in `network` with no wider tier, as the gate knows it (hashes stand in as plain names). */
  const alone = (network: string): TierKey[] => [{ tier: "network", key: network }];

  it("refuses an expired challenge, even one solved in time", () =>
    onOwnGate(async (gate) => {
      const t0 = 1_800_000_000_000;
      for (let i = 0; i < 2; i++) expect(await gate.pass(alone("a"), undefined, t0)).toBeNull();
      const issued = await gate.issue(alone("a"), t0);
      const proof = await solved(issued);
      expect(await gate.pass(alone("a"), proof, t0 + CHALLENGE_TTL_MS)).toBe("challenge_expired");
      const fresh = await gate.issue(alone("a"), t0 + CHALLENGE_TTL_MS);
      expect(await gate.pass(alone("a"), await solved(fresh), t0 + CHALLENGE_TTL_MS + 1)).toBeNull();
    }));

  it("asks every network for work during a flood, and forgets a network's starts after ten minutes", () =>
    onOwnGate(async (gate) => {
      const t0 = 1_800_000_000_000;
      for (const network of ["a", "b", "c"]) expect(await gate.pass(alone(network), undefined, t0)).toBeNull();
      expect(gate.bits(alone("newcomer"), t0 + 1000)).toBe(FLOOD_BITS);
      expect(await gate.pass(alone("newcomer"), undefined, t0 + 1000)).toBe("challenge_required");
      // A minute on, the flood is over; a network's own starts count for ten.
      expect(gate.bits(alone("newcomer"), t0 + 60_000)).toBe(0);
      expect(await gate.pass(alone("a"), undefined, t0 + 60_000)).toBeNull();
      expect(gate.bits(alone("a"), t0 + 60_001)).toBe(8);
      expect(gate.bits(alone("a"), t0 + DEMAND_WINDOW_MS + 60_000)).toBe(0);
    }));

  it("asks /64s of one /48 for work once the /48 made its free starts, not a /64 of another; a challenge stays bound to the /64 that asked", () =>
    onOwnGate(
      async (gate) => {
        const t0 = 1_800_000_000_000;
        /** The i-th /64 of a /48, each in a /56 of its own. */
        const in48 = (i: number, block = "b"): TierKey[] => [
          { tier: "network", key: `${block} /64 ${i}` },
          { tier: "site", key: `${block} /56 ${i}` },
          { tier: "block", key: block },
        ];
        const free = FREE_STARTS * TIER_SHARE.block;
        for (let i = 0; i < free; i++) expect(await gate.pass(in48(i), undefined, t0)).toBeNull();
        expect(await gate.pass(in48(free), undefined, t0)).toBe("challenge_required");
        expect(gate.bits(in48(0, "another"), t0)).toBe(0);
        const issued = await gate.issue(in48(free), t0);
        expect(issued.bits).toBe(8);
        expect(await gate.pass(in48(free + 1), await solved(issued), t0)).toBe("challenge_invalid");
        // Each challenge asked counts for the /48: the work grows with the tier's starts.
        const bits: number[] = [];
        for (let i = 1; i <= 2 * TIER_SHARE.block; i++) bits.push((await gate.issue(in48(free + i), t0)).bits);
        expect(bits).toEqual([8, 8, 10, 10, 10, 12]);
      },
      { maxBits: 16, floodPerMinute: 1000 },
    ));
});
