import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SessionInfo } from "../../schema/http";
import { ACCESS_HEADER, accessEmail } from "../../worker/access";
import worker from "../../worker/index";
import { ORIGIN, PASSWORD, loginAdmin, postJson } from "./helpers";

const TEAM = "https://example.cloudflareaccess.com";
const AUD = "baken-staff-app";

async function setup() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (claims: Record<string, unknown>, opts: { aud?: string; iss?: string; exp?: string; key?: CryptoKey } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(opts.iss ?? TEAM)
      .setAudience(opts.aud ?? AUD)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "5m")
      .sign(opts.key ?? privateKey);
  return { keys, sign };
}

describe("Cloudflare Access JWT", () => {
  it("accepts a token signed by the team for this application and returns its e-mail", async () => {
    const { keys, sign } = await setup();
    expect(await accessEmail(await sign({ email: "Anna@Example.org" }), TEAM, AUD, keys)).toBe("anna@example.org");
  });

  it.each([
    ["another application", { aud: "other-app" }],
    ["another issuer", { iss: "https://evil.cloudflareaccess.com" }],
    ["an expired token", { exp: "-1m" }],
  ])("refuses a token for %s", async (_name, opts) => {
    const { keys, sign } = await setup();
    expect(await accessEmail(await sign({ email: "a@example.org" }, opts), TEAM, AUD, keys)).toBeNull();
  });

  it("refuses a token signed by a key that is not the team's", async () => {
    const { keys, sign } = await setup();
    const stranger = await generateKeyPair("RS256");
    expect(await accessEmail(await sign({ email: "a@example.org" }, { key: stranger.privateKey }), TEAM, AUD, keys)).toBeNull();
  });

  it("refuses garbage, a missing token and a token without e-mail", async () => {
    const { keys, sign } = await setup();
    expect(await accessEmail("not.a.jwt", TEAM, AUD, keys)).toBeNull();
    expect(await accessEmail(undefined, TEAM, AUD, keys)).toBeNull();
    expect(await accessEmail(await sign({ sub: "x" }), TEAM, AUD, keys)).toBeNull();
  });
});

describe("staff behind Cloudflare Access", () => {
  /** The worker with Access turned on, and the team's key set served where Access publishes it. */
  async function accessWorker() {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const certs = `${TEAM}/cdn-cgi/access/certs`;
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      String(input instanceof Request ? input.url : input) === certs
        ? Promise.resolve(Response.json({ keys: [jwk] }))
        : realFetch(input, init),
    );
    const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
    const call = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
      worker.fetch(new Request(ORIGIN + path, { ...init, headers: { origin: ORIGIN, ...headers } }), accessEnv, createExecutionContext());
    const sign = (email: string) =>
      new SignJWT({ email }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(TEAM).setAudience(AUD).setIssuedAt().setExpirationTime("5m").sign(privateKey);
    return { call, sign };
  }

  afterEach(() => vi.restoreAllMocks());

  it("identifies staff by the e-mail in a valid Access JWT, and ignores password sessions", async () => {
    const cookie = await loginAdmin();
    const created = await postJson(
      "/api/admin/accounts",
      { login: "anna@example.org", displayName: "Anna", role: "counsellor", password: PASSWORD },
      { cookie },
    );
    expect(created.status).toBe(201);

    const { call, sign } = await accessWorker();
    const me = await call("/api/session", { [ACCESS_HEADER]: await sign("Anna@example.org") });
    expect((await me.json<SessionInfo>()).staff).toMatchObject({ login: "anna@example.org", role: "counsellor" });

    expect((await (await call("/api/session", { cookie })).json<SessionInfo>()).staff).toBeNull();
    expect((await (await call("/api/session", { [ACCESS_HEADER]: await sign("nobody@example.org") })).json<SessionInfo>()).staff).toBeNull();
    expect((await call("/ws/console", { upgrade: "websocket" })).status).toBe(401);

    const login = await call("/api/login", { "content-type": "application/json" }, {
      method: "POST",
      body: JSON.stringify({ login: "admin", password: PASSWORD }),
    });
    expect(login.status).toBe(403);
  });
});
