/**
 * Which RateLimiter object counts a key. One object for every start, resume and sign-in in the
 * deployment would put every visitor and every staff member behind one queue of calls; so per-client
 * keys are spread over a small fixed number of shards by a hash of the key. A key always lands on the
 * same shard, so each limit counts a key exactly as one object did, and attempts taken together for
 * one key cannot slip past each other. A ceiling that must see every client (the deployment-wide
 * failed sign-ins) has one fixed key: it gets an object of its own rather than sharing a shard with
 * an arbitrary eighth of the clients, whose load would then meet every sign-in failure's.
 */
import type { Count, Limited, RateLimiter } from "./rate-limiter";

export const LIMITER_SHARDS = 8;
/** Limits whose one key stands for the whole deployment. */
const DEPLOYMENT_WIDE: ReadonlySet<Limited> = new Set(["signInAll"]);
const DEPLOYMENT_OBJECT = "limits-all";

/**
 * The one RateLimiter object for what must be made and later checked under one day's key: visitor
 * blocks (a block is on a network's hash under that object's daily key), survey tickets, and the
 * start's proof-of-work challenges (signed by that object's key, counted per network there).
 */
export const VISITORS_OBJECT = "visitors";

/** Every RateLimiter object's name: the shards, the deployment-wide one and the blocks' (for health and tests). */
export const LIMITER_OBJECTS = [...Array.from({ length: LIMITER_SHARDS }, (_, i) => `limits-${i}`), DEPLOYMENT_OBJECT, VISITORS_OBJECT];

/**
 * FNV-1a over the key: cheap, stable, and spread well enough for eight buckets. Nothing secret rides on
 * it; the shard number is used here and forgotten, the key itself is hashed under the shard's daily key.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) hash = Math.imul(hash ^ unit, 0x01000193) >>> 0;
  return hash;
}

export function limiterName(count: Count): string {
  if (DEPLOYMENT_WIDE.has(count.what)) return DEPLOYMENT_OBJECT;
  return `limits-${fnv1a(count.key) % LIMITER_SHARDS}`;
}

type Stub = DurableObjectStub<RateLimiter>;

/** Splits counts by their object, calls each object once, and gives the answers back in the counts' order. */
async function perShard<T>(env: Env, counts: readonly Count[], call: (stub: Stub, counts: Count[]) => Promise<T[]>): Promise<T[]> {
  const groups = new Map<string, number[]>();
  for (const [i, count] of counts.entries()) groups.set(limiterName(count), [...(groups.get(limiterName(count)) ?? []), i]);
  const answers = Array<T>(counts.length);
  await Promise.all(
    [...groups].map(async ([name, indexes]) => {
      const got = await call(env.RATE_LIMITER.getByName(name), indexes.map((i) => counts[i] as Count));
      for (const [j, i] of indexes.entries()) answers[i] = got[j] as T;
    }),
  );
  return answers;
}

/** RateLimiter.allow across the shards: for each count, whether its key still had an attempt. */
export function allow(env: Env, counts: readonly Count[]): Promise<boolean[]> {
  return perShard(env, counts, (stub, mine) => stub.allow(mine));
}

/** RateLimiter.refund across the shards. */
export function refund(env: Env, counts: readonly Count[]): Promise<void> {
  return onEachShard(env, counts, (stub, mine) => stub.refund(mine));
}

/** RateLimiter.forget across the shards. */
export function forget(env: Env, counts: readonly Count[]): Promise<void> {
  return onEachShard(env, counts, (stub, mine) => stub.forget(mine));
}

/** A call that answers nothing, made once on each shard the counts touch. */
async function onEachShard(env: Env, counts: readonly Count[], call: (stub: Stub, counts: Count[]) => Promise<void>): Promise<void> {
  await perShard(env, counts, async (stub, mine) => {
    await call(stub, mine);
    return [];
  });
}
