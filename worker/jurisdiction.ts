/**
 * Where the Durable Objects live. With DO_JURISDICTION set (staging and production: "eu"), every
 * namespace in the env is replaced once by its jurisdiction-scoped view, at the Worker's entry and in
 * every object's constructor (they reach each other through this.env), so no call site can create or
 * reach an object outside it. A scoped namespace's idFromName gives other ids than the plain one: the
 * same names, a separate set of objects.
 */
import { DurableObject } from "cloudflare:workers";
import { config } from "./config";

type NamespaceName = { [K in keyof Env]-?: Env[K] extends DurableObjectNamespace<infer _> ? K : never }[keyof Env];

/**
 * Every Durable Object binding. Typed by Env, which `npm run types` derives from wrangler.toml, so a
 * binding added there and not here fails to compile; test/worker/jurisdiction.test.ts compares this
 * list with each environment's bindings in wrangler.toml.
 */
export const NAMESPACES: Record<NamespaceName, true> = {
  CONVERSATION: true,
  DESK: true,
  STAFF: true,
  STATS: true,
  OUTREACH: true,
  RATE_LIMITER: true,
  RESUME_INDEX: true,
  HANDOFFS: true,
};

/** The env with each namespace scoped to the jurisdiction; everything else as it was. */
export function scopeNamespaces(env: Env, jurisdiction: DurableObjectJurisdiction): Env {
  const scoped: Env = { ...env };
  for (const name of Object.keys(NAMESPACES) as NamespaceName[]) scope(scoped, env, name, jurisdiction);
  return scoped;
}

function scope<K extends NamespaceName>(scoped: Env, env: Env, name: K, jurisdiction: DurableObjectJurisdiction): void {
  // Each namespace's scoped view has the namespace's own type; TypeScript cannot see that through K.
  scoped[name] = env[name].jurisdiction(jurisdiction) as Env[K];
}

/** The env lives as long as the isolate: scoped once, like config(). */
const scopedEnvs = new WeakMap<Env, Env>();

/** The env every handler and object uses: scoped to DO_JURISDICTION when it is set, else as given. */
export function inJurisdiction(env: Env): Env {
  const jurisdiction = config(env).DO_JURISDICTION;
  if (!jurisdiction) return env;
  let scoped = scopedEnvs.get(env);
  if (!scoped) {
    scoped = scopeNamespaces(env, jurisdiction);
    scopedEnvs.set(env, scoped);
  }
  return scoped;
}

/** Every Baken object extends this, so the objects it calls are in its jurisdiction too. */
export abstract class JurisdictionObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, inJurisdiction(env));
  }
}
