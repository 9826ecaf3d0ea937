// Serves the worker as it deploys: wrangler's own bundle of it (`wrangler deploy --dry-run`) and the
// Miniflare settings wrangler derives from wrangler.toml (bindings, Durable Objects, static assets),
// run in workerd with no dev proxy in front. The tests and the load harness use this, not
// `wrangler dev`: under load wrangler dev's proxy left about one page in fifty with a static asset
// that never answered (measured in the notes of issue 11), and it adds a hop no deployment has.
//
// Usage: node scripts/serve-workerd.mjs <port> <persist-dir>
// The setup secret comes in BAKEN_SETUP_SECRET, the chat id key in BAKEN_CHAT_ID_KEY, other vars as
// BAKEN_VARS (JSON): nothing secret in `ps`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const WRANGLER = require.resolve("wrangler/bin/wrangler.js");
// Wrangler's own Miniflare, so the runtime is the very workerd `wrangler dev` would run.
const { Miniflare } = require(createRequire(WRANGLER).resolve("miniflare"));
const { unstable_getMiniflareWorkerOptions } = await import("wrangler");

const [port, persistTo] = process.argv.slice(2);
const vars = JSON.parse(process.env.BAKEN_VARS ?? "{}");
const setupSecret = process.env.BAKEN_SETUP_SECRET ?? "";
const chatIdKey = process.env.BAKEN_CHAT_ID_KEY ?? "";

const out = mkdtempSync(join(tmpdir(), "baken-bundle-"));
execFileSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", out, "--env="], { stdio: ["ignore", "ignore", "inherit"] });

const { workerOptions } = unstable_getMiniflareWorkerOptions("wrangler.toml");
const mf = new Miniflare({
  host: "127.0.0.1",
  port: Number(port),
  // Offline: no fetch of Cloudflare's request.cf sample.
  cf: false,
  defaultPersistRoot: join(persistTo, "v3"),
  workers: [
    {
      ...workerOptions,
      name: "baken",
      modules: true,
      scriptPath: join(out, "index.js"),
      modulesRoot: out,
      bindings: { ...workerOptions.bindings, ...vars, SETUP_SECRET: setupSecret, CHAT_ID_KEY: chatIdKey },
    },
  ],
});
await mf.ready;

async function stop() {
  await mf.dispose();
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, stop);
