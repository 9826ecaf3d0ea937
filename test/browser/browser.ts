/** Launches Debian's Chromium through playwright-core, set up for this offline machine. */
import { type Browser, type BrowserContext, type Page, type Response, chromium } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

export const PASSWORD = "a long enough browser test password";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The answer that started a chat. Every test page starts from one address, so most starts show a
 * little proof of work first: the page's first POST is then refused (challenge_required) and retried.
 */
export function chatStarted(r: Response): boolean {
  return new URL(r.url()).pathname.endsWith("/api/chats") && r.request().method() === "POST" && r.status() === 201;
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/** Creates the first admin through the API once per server; later calls find it done. */
export async function ensureAdmin(): Promise<void> {
  const res = await fetch(`${baseUrl()}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl() },
    body: JSON.stringify({ secret: inject("setupSecret"), login: "anna", displayName: "Anna", password: PASSWORD }),
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`setup failed: ${res.status}`);
}

/** A console page, logged in as the admin, in its own browser context. */
export async function counsellorPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  await ensureAdmin();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/console`);
  await page.getByLabel("Login name").fill("anna");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: /Waiting/ }).waitFor();
  return { context, page };
}

/** One Chromium per test file, launched before its tests and closed after them. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("The browser is not running yet.");
    return browser;
  };
}
