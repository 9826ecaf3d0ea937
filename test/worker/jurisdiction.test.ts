import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import * as worker from "../../worker/index";
import { JurisdictionObject, NAMESPACES, inJurisdiction, scopeNamespaces } from "../../worker/jurisdiction";

/** A namespace whose scoped view says which namespace and jurisdiction it came from. */
function fakeNamespace(name: string) {
  return { jurisdiction: (jurisdiction: string) => ({ scopedFrom: name, jurisdiction }) } as unknown as DurableObjectNamespace;
}

/** The test env with every namespace faked: local workerd refuses jurisdiction() ("not implemented"). */
function fakeEnv(extra: Partial<Record<keyof Env, string>> = {}): Env {
  const faked: Record<string, unknown> = { ...env, ...extra };
  for (const name of Object.keys(NAMESPACES)) faked[name] = fakeNamespace(name);
  return faked as unknown as Env;
}

/** Reads the env an object was given, which DurableObject keeps protected. */
class EnvProbe extends JurisdictionObject {
  envSeen(): Env {
    return this.env;
  }
}

describe("the jurisdiction every object is created in", () => {
  it("scopes every Durable Object binding each environment declares in wrangler.toml", () => {
    const deployed = inject("deployed");
    for (const deployment of Object.values(deployed)) {
      expect(Object.keys(NAMESPACES).sort()).toEqual([...deployment.durableObjects].sort());
    }
  });

  it("replaces each namespace by its scoped view and leaves every other binding as it was", () => {
    const plain = fakeEnv();
    const scoped = scopeNamespaces(plain, "eu");
    for (const name of Object.keys(NAMESPACES)) {
      expect(scoped[name as keyof Env], name).toEqual({ scopedFrom: name, jurisdiction: "eu" });
    }
    expect(scoped.ASSETS).toBe(env.ASSETS);
    expect(scoped.HELPLINES).toBe(env.HELPLINES);
  });

  it("is the deployment's DO_JURISDICTION, applied once per env", () => {
    const plain = fakeEnv({ DO_JURISDICTION: "eu" });
    const scoped = inJurisdiction(plain);
    expect(scoped.STATS).toEqual({ scopedFrom: "STATS", jurisdiction: "eu" });
    expect(inJurisdiction(plain)).toBe(scoped);
  });

  it("leaves the env alone where none is set, as locally", () => {
    expect(inJurisdiction(env)).toBe(env);
  });

  it("refuses a jurisdiction Cloudflare does not have", () => {
    const typo = { ...env, DO_JURISDICTION: "europe" } as unknown as Env;
    expect(() => inJurisdiction(typo)).toThrow(/DO_JURISDICTION/);
  });

  it("is what every object calls the others in, since each extends JurisdictionObject", async () => {
    const classes = Object.entries(worker).filter(([name]) => name !== "default");
    expect(classes.length).toBeGreaterThanOrEqual(8);
    for (const [name, objectClass] of classes) {
      expect(typeof objectClass === "function" && objectClass.prototype instanceof JurisdictionObject, name).toBe(true);
    }
    const plain = fakeEnv({ DO_JURISDICTION: "eu" });
    const seen = await runInDurableObject(env.STATS.getByName("jurisdiction-probe"), (_object, state) =>
      new EnvProbe(state, plain).envSeen(),
    );
    expect(seen.DESK).toEqual({ scopedFrom: "DESK", jurisdiction: "eu" });
  });
});
