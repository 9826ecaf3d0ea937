/** Starts one Baken server, with fresh state on disk, for all browser tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startServer } from "../../scripts/dev-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    setupSecret: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "baken-browser-"));
  const setupSecret = "browser-test-setup-secret";
  // Every page in every browser test starts its chats from this one address, many within a minute: lift
  // the per-client start limit, the helpline's ceiling on starts per minute and the cap on urgent
  // starts per network that go first (the queue test needs its in-danger chat first), and the visitor
  // sockets one address may open (each page opens one, and more as it reconnects). The start's proof
  // of work stays on, capped at 8 bits, so every page past the address's first starts solves a real,
  // cheap challenge (the curve itself is proven in test/worker/start-work.test.ts). The admin logs in
  // many times without an authenticator app, so no role needs a second factor until a test asks.
  const vars = { CHAT_STARTS_PER_WINDOW: "100000", STARTS_PER_MINUTE: "100000", URGENT_FIRST_PER_HOUR: "100000", VISITOR_SOCKETS_PER_WINDOW: "100000", START_WORK_MAX_BITS: "8", SECOND_FACTOR_ROLES: "none" };
  const chatIdKey = "browser-test-chat-id-key-0123456789";
  const server = await startServer({ port: await freePort(), persistTo, setupSecret, chatIdKey, vars, quiet: true });
  project.provide("baseUrl", server.url);
  project.provide("setupSecret", setupSecret);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
