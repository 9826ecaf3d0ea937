// Starts Baken the way `npm start` does: wrangler dev (workerd) with state on local disk. Shared by
// `npm start`, the browser tests and the load harness, so all three run the same thing.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

const require = createRequire(import.meta.url);
const WRANGLER = require.resolve("wrangler/bin/wrangler.js");

/**
 * @param {{ port: number, persistTo: string, setupSecret: string, vars?: Record<string, string>, quiet?: boolean }} options
 * @returns {Promise<{ url: string, process: import("node:child_process").ChildProcess, stop: () => Promise<void> }>}
 */
export async function startServer({ port, persistTo, setupSecret, vars = {}, quiet = false }) {
  const args = [WRANGLER, "dev", "--port", String(port), "--persist-to", persistTo,
    "--var", `SETUP_SECRET:${setupSecret}`, "--show-interactive-dev-session=false", "--log-level", quiet ? "error" : "info"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, args, {
    // No telemetry and no fetch of Cloudflare's request.cf sample: this runs offline and tells no one.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("wrangler dev did not become ready within 60 s");
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
