import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limiterName } from "../../worker/limiter-shards";
import { base32Decode, hotp } from "../../worker/totp";
import { PASSWORD, postJson, request } from "./helpers";
import { staffer } from "./staff-helpers";

let network = 0;
/** Every guess from a network of its own: only the global ceiling can stop this flood. */
async function tryLogin(login: string, password: string, code?: string) {
  const res = await request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `2001:db8:f100:${(++network).toString(16)}::1` },
    body: JSON.stringify({ login, password, ...(code ? { code } : {}) }),
  });
  return { status: res.status, body: await res.json<{ error: string }>() };
}

describe("the global sign-in ceiling", () => {
  it("puts every sign-in under strain once failures everywhere pass it; a password with a second factor still gets in", async () => {
    const s = await staffer("counsellor");
    const { secret } = await (await postJson("/api/console/totp", {}, { cookie: s.cookie })).json<{ secret: string }>();
    const step = Math.floor(Date.now() / 30_000);
    const code = (offset: number) => hotp(base32Decode(secret), step + offset);
    expect((await postJson("/api/console/totp/confirm", { code: await code(0) }, { cookie: s.cookie })).status).toBe(204);
    const plain = await staffer("counsellor");

    // Most of the flood is counted straight into the limiter, up to 20 short of the ceiling: hashing
    // 200 guesses would take the test's whole time. The rest comes over HTTP, one guess per name.
    const all = [{ what: "signInAll", key: "all" }] as const;
    const limiter = env.RATE_LIMITER.getByName(limiterName(all[0]));
    let counted = 1;
    while ((await limiter.allow(all))[0]) counted++;
    const http = 20;
    for (let i = 0; i <= http; i++) await limiter.refund(all);
    counted -= http + 1;
    try {
      for (let i = 0; i < http; i++) expect((await tryLogin(`flood-${i}`, "a wrong guess")).status).toBe(401);
      // A new name from a new network, and a member without a factor: all under strain now, with one answer.
      const strained = await tryLogin("flood-next", "a wrong guess");
      expect(strained).toMatchObject({ status: 429, body: { error: "rate_limited" } });
      expect(await tryLogin(plain.login, PASSWORD)).toEqual(strained);
      expect(await tryLogin(s.login, PASSWORD)).toEqual(strained);
      expect((await tryLogin(s.login, PASSWORD, await code(1))).status).toBe(200);
    } finally {
      for (let i = 0; i < counted; i++) await limiter.refund(all);
    }
  });
});
