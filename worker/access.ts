/**
 * Cloudflare Access in front of the staff pages: when an organisation puts /console and /dashboard
 * behind its single sign-on, Access adds a signed JWT to every request. The worker verifies it
 * (signature against the team's published keys, audience, issuer, expiry) with `jose`, and takes the
 * e-mail address in it as the staff login. Without ACCESS_TEAM_DOMAIN and ACCESS_AUD this is off.
 */
import { type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from "jose";
import type { EnvConfig } from "../schema/config";

export const ACCESS_HEADER = "cf-access-jwt-assertion";

/** The keys are fetched once per isolate and cached by jose, which also refreshes them on rotation. */
const keySets = new Map<string, JWTVerifyGetKey>();

function keysFor(teamDomain: string): JWTVerifyGetKey {
  let keys = keySets.get(teamDomain);
  if (!keys) {
    keys = createRemoteJWKSet(new URL("/cdn-cgi/access/certs", teamDomain));
    keySets.set(teamDomain, keys);
  }
  return keys;
}

/** The verified e-mail address of the person Access let through, or null for anything else. */
export async function accessEmail(
  token: string | undefined,
  teamDomain: string,
  audience: string,
  keys: JWTVerifyGetKey = keysFor(teamDomain),
): Promise<string | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keys, { issuer: teamDomain, audience, algorithms: ["RS256"] });
    return typeof payload.email === "string" ? payload.email.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Access is on when both its settings are present. */
export function accessSettings(config: EnvConfig): { teamDomain: string; audience: string } | null {
  return config.ACCESS_TEAM_DOMAIN && config.ACCESS_AUD
    ? { teamDomain: config.ACCESS_TEAM_DOMAIN, audience: config.ACCESS_AUD }
    : null;
}
