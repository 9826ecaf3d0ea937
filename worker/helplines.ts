/**
 * Several helplines in one deployment. Each has its own Desk (queue, staff presence, settings) and
 * Stats, named after its id; outreach links, resume codes and the rate limiter are one object for the
 * deployment, and each link or kept chat knows its own helpline. A request names its helpline with
 * `?helpline=ID`; a visitor's page without one is served by the helpline whose hosts list the
 * request's host, or else the first configured one. Staff reach only the helplines they belong to.
 */
import type { Context } from "hono";
import { DEFAULT_SETTINGS, type HelplineEntry, type HelplineSettings } from "../schema/helpline";
import type { StaffMember } from "../schema/staff";
import { config } from "./config";
import { type AppEnv, fail } from "./http";

export function helplines(env: Env): readonly [HelplineEntry, ...HelplineEntry[]] {
  return config(env).HELPLINES;
}

export function isHelpline(env: Env, id: string): boolean {
  return helplines(env).some((h) => h.id === id);
}

/** What a helpline starts with before an admin saves settings of its own. */
export function initialSettings(env: Env, id: string): HelplineSettings {
  const entry = helplines(env).find((h) => h.id === id);
  return { ...DEFAULT_SETTINGS, ...entry?.settings };
}

/** The helpline a visitor's request is for; an unknown id is a 404, never a silent fallback. */
export function visitorHelpline<E extends AppEnv>(c: Context<E>, named = c.req.query("helpline")): string {
  if (named !== undefined) {
    if (!isHelpline(c.env, named)) fail(404, "not_found", "No such helpline.");
    return named;
  }
  const host = new URL(c.req.url).hostname;
  const all = helplines(c.env);
  return (all.find((h) => h.hosts.includes(host)) ?? all[0]).id;
}

/** The helpline a staff request is for: the one named, or the member's first; only their own. */
export function staffHelpline<E extends AppEnv>(c: Context<E>, staff: StaffMember): string {
  const id = c.req.query("helpline") ?? staff.helplines[0];
  if (id === undefined || !staff.helplines.includes(id) || !isHelpline(c.env, id)) {
    fail(403, "forbidden", "You do not work for this helpline.");
  }
  return id;
}
