import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { accessEmail } from "../../worker/access";

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
