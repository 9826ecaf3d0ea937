/**
 * The deployment's own promises, as wrangler resolves wrangler.toml for each environment (vitest.config.ts
 * reads it and provides it: workerd cannot read files). Workers Logs' invocation logs would keep every
 * request's URL (chat ids, invite codes), headers (user agent) and location; traces, Logpush and tail
 * consumers would carry the same out of the Worker.
 */
import { describe, expect, inject, it } from "vitest";
import { PLATFORM } from "../../schema/inventory";

type Deployment = {
  observability: { enabled?: boolean; logs?: { enabled?: boolean; invocation_logs?: boolean }; traces?: { enabled?: boolean } } | null;
  logpush: boolean;
  tailConsumers: number;
  durableObjects: string[];
  jurisdiction: string | null;
};
declare module "vitest" {
  interface ProvidedContext {
    deployed: Record<"local" | "staging" | "production", Deployment>;
  }
}

const deployed = inject("deployed");

describe.each(["local", "staging", "production"] as const)("the %s deployment's logging", (name) => {
  const deployment = deployed[name];

  it("keeps the code's own log lines but no invocation logs", () => {
    expect(deployment.observability?.enabled).toBe(true);
    // What the platform keeps of them is in the data inventory, as the README and the privacy page say.
    expect(PLATFORM["Workers Logs"]?.retention).toMatch(/7 days/);
    // Unset means on: wrangler's default for invocation logs is true.
    expect(deployment.observability?.logs?.invocation_logs).toBe(false);
  });

  it("sends no traces, no Logpush and no tail events", () => {
    expect(deployment.observability?.traces?.enabled ?? false).toBe(false);
    expect(deployment.logpush).toBe(false);
    expect(deployment.tailConsumers).toBe(0);
  });
});

describe("where the objects live", () => {
  it.each(["staging", "production"] as const)("is the EU in %s", (name) => {
    expect(deployed[name].jurisdiction).toBe("eu");
  });

  it("is left to the runtime locally, whose workerd has no jurisdictions", () => {
    expect(deployed.local.jurisdiction).toBeNull();
  });
});
