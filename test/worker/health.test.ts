import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { OWN_TABLES_SQL, request } from "./helpers";

describe("the health endpoint", () => {
  it("reports every object class as reachable", async () => {
    const res = await request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      objects: { Conversation: true, Desk: true, Staff: true, Stats: true, Outreach: true },
    });
  });

  it("leaves no storage behind in the probe conversation", async () => {
    await request("/api/health");
    const tables = await runInDurableObject(env.CONVERSATION.getByName("health-probe"), (_o, state) =>
      state.storage.sql.exec(OWN_TABLES_SQL).toArray(),
    );
    expect(tables).toEqual([]);
  });
});
