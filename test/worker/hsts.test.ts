import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "./helpers";

describe("Strict-Transport-Security", () => {
  // The first request wakes the worker, which on a busy machine eats a test's time.
  beforeAll(async () => {
    await (await request("/api/helpline")).arrayBuffer();
  }, 60_000);

  it("is sent on https, for pages and API answers alike", async () => {
    for (const path of ["/api/helpline", "/api/no-such-thing"]) {
      const res = await request(path);
      await res.arrayBuffer();
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
    }
  });

  it("is not sent on plain http, such as local development", async () => {
    const res = await exports.default.fetch(new Request("http://localhost:8787/api/helpline"));
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
