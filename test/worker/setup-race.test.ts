/** First-run setup under concurrency: the check and the INSERT must not be split by the password hashing. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PASSWORD, SETUP_SECRET, postJson } from "./helpers";
import { slowHashing } from "./staff-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("first-run setup under concurrency", () => {
  it("makes exactly one first admin when several setups arrive at once", async () => {
    slowHashing();
    const setup = (login: string) => postJson("/api/setup", { secret: SETUP_SECRET, login, displayName: login, password: PASSWORD });
    const results = await Promise.all([setup("first"), setup("second"), setup("third")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const accounts = await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM accounts").one().n,
    );
    expect(accounts).toBe(1);
  });
});
