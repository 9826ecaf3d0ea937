/** The RateLimiter is sharded by key: different clients land on different objects, and each limit still holds. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { networkPrefix } from "../../worker/client-prefix";
import { LIMITER_OBJECTS, limiterName } from "../../worker/limiter-shards";
import { attemptsPerWindow } from "../../worker/rate-limiter";
import { config } from "../../worker/config";
import { request } from "./helpers";

/** A /64 of this file's own (a random third group), so no other file's attempts count here. */
const net = (crypto.getRandomValues(new Uint16Array(1))[0] ?? 0).toString(16);
const address = (n: number) => `2001:db8:${net}:${n.toString(16)}::1`;

function tryCode(from: string) {
  return request("/api/resume", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": from },
    body: JSON.stringify({ code: "ABCD-EFGH-JKMN-PQRS" }),
  });
}

describe("the sharded RateLimiter", () => {
  it("counts two clients on different shards, each up to its own limit, and the deployment-wide count on its own object", async () => {
    const a = address(1);
    const shardOf = (from: string) => limiterName({ what: "code", key: networkPrefix(from) });
    let n = 2;
    while (shardOf(address(n)) === shardOf(a)) n++;
    const b = address(n);
    expect(shardOf(b)).not.toBe(shardOf(a));
    // Within a /64 the shard is the same: rotating the address buys nothing, not even a fresh object.
    expect(limiterName({ what: "code", key: networkPrefix(`2001:db8:${net}:1::beef`) })).toBe(shardOf(a));

    const max = attemptsPerWindow(config(env)).code;
    for (let i = 0; i < max; i++) expect((await tryCode(a)).status).toBe(404);
    expect((await tryCode(a)).status).toBe(429);
    // B's limit is untouched by A's, and is its own limit: B gets refused at the same count.
    for (let i = 0; i < max; i++) expect((await tryCode(b)).status).toBe(404);
    expect((await tryCode(b)).status).toBe(429);

    // A's attempts were counted on A's shard only: another shard still has all of A's attempts to give.
    const countA = [{ what: "code", key: networkPrefix(a) }] as const;
    expect(await env.RATE_LIMITER.getByName(shardOf(a)).allow(countA)).toEqual([false]);
    expect(await env.RATE_LIMITER.getByName(shardOf(b)).allow(countA)).toEqual([true]);

    // The deployment-wide count has one home whatever client asks, distinct from every per-client shard.
    const all = limiterName({ what: "signInAll", key: "all" });
    expect(LIMITER_OBJECTS).toContain(all);
    expect(LIMITER_OBJECTS.filter((name) => name !== all)).toContain(shardOf(a));
    expect(new Set(LIMITER_OBJECTS).size).toBe(LIMITER_OBJECTS.length);
    expect([a, b].map((from) => limiterName({ what: "signIn", key: networkPrefix(from) }))).not.toContain(all);
  });
});
