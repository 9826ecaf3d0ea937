/** What the visitor-page browser tests share: starting a chat as a visitor, the staff side by API, axe, traces. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { expect } from "vitest";
import { CloseCode } from "../../schema/close-codes";
import type { HelplineSettings } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import { baseUrl, chatStarted } from "./browser";

/**
 * Opens the visitor page, answers the danger question and starts a chat; resolves once it waits in the
 * queue. `within`: the frame that holds the chat when a partner's page embeds it.
 */
export async function startChat(
  page: Page,
  danger: "Ja" | "Nee" | "Zeg ik liever niet" = "Nee",
  within: Page | FrameLocator = page,
): Promise<StartChatResponse> {
  if (within === page && !page.url().startsWith(baseUrl())) await page.goto(baseUrl());
  await within.getByLabel(danger).check();
  const response = page.waitForResponse(chatStarted);
  await within.getByRole("button", { name: "Start de chat" }).click();
  const chat = (await (await response).json()) as StartChatResponse;
  await within.getByText(/Je bent nummer \d+ in de rij/).waitFor();
  return chat;
}

/** The visitor's current place in the queue, as the page shows it. */
export async function positionOf(page: Page): Promise<number> {
  const text = await page.getByText(/Je bent nummer \d+ in de rij/).textContent();
  return Number(/\d+/.exec(text ?? "")?.[0]);
}

/** Runs a request from inside a logged-in staff page, so its session cookie and Origin go along. */
export async function staffFetch(staff: Page, path: string, method: string, body?: unknown): Promise<number> {
  return staff.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
      });
      return res.status;
    },
    { path, method, body },
  );
}

export async function acceptChat(staff: Page, chat: StartChatResponse): Promise<void> {
  expect(await staffFetch(staff, `/api/console/chats/${chat.conversationId}/accept`, "POST", {})).toBe(204);
}

export async function saveSettings(staff: Page, settings: HelplineSettings): Promise<void> {
  expect(await staffFetch(staff, "/api/admin/helpline", "PUT", settings)).toBe(204);
}

/**
 * Says hello with the visitor's token from a fresh page, as a visitor's reload or second device
 * would, and ends the chat if it is still open. "ended" when it was open and is now ended; otherwise
 * the code the server closed the socket with (CloseCode.gone: the chat no longer exists).
 */
async function helloAndEnd(browser: Browser, chat: StartChatResponse): Promise<"ended" | number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/api/health`);
  const outcome = await page.evaluate(
    (chat) =>
      new Promise<"ended" | number>((resolve) => {
        const ws = new WebSocket(`${location.origin.replace("http", "ws")}/ws/chat/${chat.conversationId}`);
        ws.onopen = () => ws.send(JSON.stringify({ type: "hello", token: chat.token, since: 0 }));
        ws.onmessage = (e) => {
          const frame = JSON.parse(String(e.data)) as { type: string };
          if (frame.type === "welcome") ws.send(JSON.stringify({ type: "end" }));
          if (frame.type === "ended") resolve("ended");
        };
        ws.onclose = (e) => resolve(e.code);
      }),
    chat,
  );
  await context.close();
  return outcome;
}

/** Ends a chat a test left open, so no waiting chat is left behind for the next test. */
export async function endChat(browser: Browser, chat: StartChatResponse): Promise<void> {
  expect(await helloAndEnd(browser, chat)).toBe("ended");
}

/** The server has ended the chat already: its visitor's token opens nothing. */
export async function expectEndedOnServer(browser: Browser, chat: StartChatResponse): Promise<void> {
  expect(await helloAndEnd(browser, chat)).toBe(CloseCode.gone);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
type AxeViolation = { id: string; impact: string | null; nodes: { target: string[] }[] };

/**
 * Runs axe-core on the page against WCAG 2.x A and AA. The page's CSP forbids injected script tags,
 * so the source goes in through the DevTools protocol (page.evaluate), which CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * No trace on the device: no cookie, nothing in localStorage, sessionStorage, IndexedDB or the cache
 * storage, no service worker, and no history entries beyond the page itself (`historyAtLoad`, read
 * right after the page loaded). Checked from inside the page and from the browser's side.
 */
export async function expectNoTrace(context: BrowserContext, page: Page, historyAtLoad: number): Promise<void> {
  const traces = await page.evaluate(async () => ({
    cookie: document.cookie,
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    history: history.length,
  }));
  expect(traces).toEqual({
    cookie: "",
    localStorage: 0,
    sessionStorage: 0,
    indexedDB: 0,
    caches: 0,
    serviceWorkers: 0,
    history: historyAtLoad,
  });
  expect(await context.cookies()).toEqual([]);
  const storage = await context.storageState({ indexedDB: true });
  expect(storage.cookies).toEqual([]);
  expect(storage.origins).toEqual([]);
}
