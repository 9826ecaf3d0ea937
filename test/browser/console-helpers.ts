/** What the console browser tests share: visitors in their own browser context, extra staff accounts. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PASSWORD, baseUrl, chatStarted, ensureAdmin } from "./browser";

export type Visitor = { context: BrowserContext; page: Page; id: string };

/** A visitor who opened the chat page and started a chat; `id` is read from the start response. */
/** `address`: the client address the visitor's requests carry (the header Cloudflare sets), for a test that needs a network of its own. */
export async function startVisitor(browser: Browser, danger: "Ja" | "Nee" | "Zeg ik liever niet" = "Nee", path = "/", address?: string): Promise<Visitor> {
  const context = await browser.newContext(address ? { extraHTTPHeaders: { "cf-connecting-ip": address } } : {});
  const page = await context.newPage();
  await page.goto(baseUrl() + path);
  await page.getByLabel(danger).check();
  const started = page.waitForResponse(chatStarted);
  await page.getByRole("button", { name: "Start de chat" }).click();
  const { conversationId } = (await (await started).json()) as { conversationId: string };
  await page.getByText(/Je bent nummer \d+ in de rij/).waitFor();
  return { context, page, id: conversationId };
}

export async function visitorSays(visitor: Visitor, text: string): Promise<void> {
  await visitor.page.getByLabel("Typ je bericht").fill(text);
  await visitor.page.keyboard.press("Enter");
}

async function adminCookie(): Promise<string> {
  await ensureAdmin();
  const res = await fetch(`${baseUrl()}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl() },
    body: JSON.stringify({ login: "anna", password: PASSWORD }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** Creates a staff account through the admin API (once per server; later calls find it exists).
 *  Without helplines it works for the admin's first. */
export async function ensureStaff(login: string, displayName: string, role: string, helplines?: string[]): Promise<void> {
  const res = await fetch(`${baseUrl()}/api/admin/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl(), cookie: await adminCookie() },
    body: JSON.stringify({ login, displayName, role, password: PASSWORD, ...(helplines ? { helplines } : {}) }),
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`creating ${login} failed: ${res.status}`);
}

/** A console page logged in as the given account, in its own browser context. */
export async function consoleAs(browser: Browser, login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/console`);
  await page.getByLabel("Login name").fill(login);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: /Waiting/ }).waitFor();
  await page.getByText("Connected").waitFor();
  return { context, page };
}

/** Accepts one particular waiting chat in a console. */
export async function acceptChat(console: Page, id: string): Promise<void> {
  await console.locator(`li[data-chat="${id}"]`).getByRole("button", { name: /^Accept chat waiting/ }).click();
  await console.locator(`.tabs button[data-chat="${id}"]`).waitFor();
}

