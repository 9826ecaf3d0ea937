// Starts Baken on a port with state on local disk, in one of two ways. `npm start` runs `wrangler dev`,
// which rebuilds the worker when a source file changes. The browser tests, the fault tests and the load
// harness run serve-workerd.mjs: wrangler's deploy bundle in the same workerd, without wrangler dev's
// proxy (see there why). Both read wrangler.toml, so the routes, bindings and assets are the same.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const WRANGLER = require.resolve("wrangler/bin/wrangler.js");
const SERVE_WORKERD = new URL("./serve-workerd.mjs", import.meta.url).pathname;

/**
 * @param {{ port: number, persistTo: string, setupSecret: string, chatIdKey: string, vars?: Record<string, string>, quiet?: boolean, dev?: boolean }} options
 * `dev`: run `wrangler dev` (reloads on edits) instead of the deploy bundle. `chatIdKey` (CHAT_ID_KEY) signs
 * chat ids: a server restarted on the same state must get the same one, or its chats cannot be reached.
 * @returns {Promise<{ url: string, process: import("node:child_process").ChildProcess, stop: () => Promise<void> }>}
 */
export async function startServer({ port, persistTo, setupSecret, chatIdKey, vars = {}, quiet = false, dev = false }) {
  // The secrets travel in a file or the environment, never in argv, where `ps` shows them.
  const child = dev
    ? spawn(process.execPath, wranglerDevArgs({ port, persistTo, setupSecret, chatIdKey, vars, quiet }), {
        // No telemetry and no fetch of Cloudflare's request.cf sample: this runs offline and tells no one.
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
        stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
      })
    : spawn(process.execPath, [SERVE_WORKERD, String(port), persistTo], {
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", BAKEN_SETUP_SECRET: setupSecret, BAKEN_CHAT_ID_KEY: chatIdKey, BAKEN_VARS: JSON.stringify(vars) },
        stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
      });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Generous: on a loaded two-core machine bundling and starting workerd alone can take a minute.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the server did not become ready within 180 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** wrangler dev's arguments; the secrets go in an env file beside the state, readable by this user only. */
function wranglerDevArgs({ port, persistTo, setupSecret, chatIdKey, vars, quiet }) {
  mkdirSync(persistTo, { recursive: true });
  const envFile = join(persistTo, "setup.env");
  writeFileSync(envFile, `SETUP_SECRET=${JSON.stringify(setupSecret)}\nCHAT_ID_KEY=${JSON.stringify(chatIdKey)}\n`, { mode: 0o600 });
  const args = [WRANGLER, "dev", "--port", String(port), "--persist-to", persistTo, "--env-file", envFile,
    "--show-interactive-dev-session=false", "--log-level", quiet ? "error" : "info"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  return args;
}

/** A port nobody listens on, so several checkouts can run their servers at once. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
