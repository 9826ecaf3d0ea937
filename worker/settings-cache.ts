/**
 * A helpline's settings as visitor pages read them. Every visitor page load needs the name, hours and
 * theme, and asking the Desk each time wakes the queue's object for every visitor. So each isolate
 * keeps what the Desk answered for a few seconds. A save through this isolate drops its copy at once;
 * other isolates see it within FRESH_MS, which bounds how late a change of hours or embed origins can
 * take effect on a page. What decides safety stays exact: the Desk applies risk words from its own
 * copy (renewed by every save), and a start, a consent and every staff or admin read ask the Desk.
 */
import type { HelplineSettings } from "../schema/helpline";

const FRESH_MS = 5_000;

/** The settings themselves, never a promise: a promise made for one request must not be awaited by another. */
const copies = new Map<string, { settings: HelplineSettings; until: number }>();

export async function cachedSettings(env: Env, helpline: string): Promise<HelplineSettings> {
  const copy = copies.get(helpline);
  if (copy && Date.now() < copy.until) return copy.settings;
  const settings = await env.DESK.getByName(helpline).settings();
  copies.set(helpline, { settings, until: Date.now() + FRESH_MS });
  return settings;
}

/** Saves through the Desk and forgets this isolate's copy, before and after, so no read in between keeps the old one. */
export async function saveSettings(env: Env, helpline: string, settings: HelplineSettings): Promise<void> {
  copies.delete(helpline);
  await env.DESK.getByName(helpline).saveSettings(settings);
  copies.delete(helpline);
}
