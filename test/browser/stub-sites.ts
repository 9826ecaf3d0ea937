/**
 * The machine has no internet: the site a visitor came from and the neutral site the quick exit goes
 * to are stubs, answered inside the browser context.
 */
import type { BrowserContext } from "playwright-core";
import { DEFAULT_SETTINGS } from "../../schema/helpline";

export const CAME_FROM = "https://came-from.example/";
export const NEUTRAL = DEFAULT_SETTINGS.neutralSite;

export async function stubOutsideSites(context: BrowserContext): Promise<void> {
  await context.route(CAME_FROM, (route) => route.fulfill({ contentType: "text/html", body: "<title>before</title><p>before</p>" }));
  await context.route(`${new URL(NEUTRAL).origin}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>weather</title><p>neutral</p>" }),
  );
}
