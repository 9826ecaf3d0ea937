/** A partner's site that embeds the chat with embed.js, and the helpline setting that lets it. */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll } from "vitest";
import type { HelplineSettings } from "../../schema/helpline";
import { baseUrl } from "./browser";
import { saveSettings } from "./visitor-page";

/** Runs a JSON request from inside a logged-in staff page, so its cookie and Origin go along. */
export function staffJson<T>(staff: Page, path: string, method: string, body?: unknown): Promise<T> {
  return staff.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? null : JSON.stringify(body) });
      return res.json();
    },
    { path, method, body },
  ) as Promise<T>;
}

/**
 * Starts partner pages on their own origins (other ports), each with the one script tag, and stops
 * them after the file's tests.
 */
export function partnerSites(): () => Promise<string> {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });
  return async () => {
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><title>School</title><h1>Our school</h1><script src="${baseUrl()}/embed.js" async></script>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
}

/** Lets only `origins` embed the chat; resolves to a function that puts the settings back. */
export async function allowEmbedding(admin: Page, origins: string[]): Promise<() => Promise<void>> {
  const settings = await staffJson<HelplineSettings>(admin, "/api/admin/helpline", "GET");
  await saveSettings(admin, { ...settings, embedOrigins: origins });
  return () => saveSettings(admin, settings);
}
