/** Starts one Baken server, with fresh state on disk, for all browser tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startServer } from "../../scripts/dev-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    setupSecret: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "baken-browser-"));
  const setupSecret = "browser-test-setup-secret";
  const server = await startServer({ port: await freePort(), persistTo, setupSecret, quiet: true });
  project.provide("baseUrl", server.url);
  project.provide("setupSecret", setupSecret);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

/** A port nobody listens on, so several checkouts can run their browser tests at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
