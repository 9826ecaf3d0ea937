import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as worker from "../../worker/index";
import { OWN_TABLES_SQL, request } from "./helpers";

describe("the health endpoint", () => {
  it("reports every object class the worker exports as reachable", async () => {
    const classes = Object.keys(worker).filter((name) => name !== "default");
    expect(classes.length).toBeGreaterThanOrEqual(7);
    const res = await request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, objects: Object.fromEntries(classes.map((name) => [name, true])) });
  });

  it("leaves no storage behind in the probe conversation", async () => {
    await request("/api/health");
    const tables = await runInDurableObject(env.CONVERSATION.getByName("health-probe"), (_o, state) =>
      state.storage.sql.exec(OWN_TABLES_SQL).toArray(),
    );
    expect(tables).toEqual([]);
  });
});
