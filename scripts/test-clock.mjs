// `npm run test:clock -- [--at <ISO time>] [--zone <IANA zone>] [vitest arguments]`: the worker tests with
// only the runtime's wall clock moved, by default to 90 s before the next UTC midnight, so the suite crosses
// the day's key change. Node, vite and esbuild keep the real clock (faking theirs hung the bundling step).
// --zone also gives the runtime that TZ (it runs in UTC otherwise, as on Cloudflare). Needs a C compiler.
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
function option(flag) {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  if (value === undefined) throw new Error(`${flag} needs a value`);
  return value;
}

const DAY = 86_400_000;
const at = option("--at");
const zone = option("--zone");
const startsAt = at === undefined ? Math.ceil(Date.now() / DAY) * DAY - 90_000 : Date.parse(at);
if (Number.isNaN(startsAt)) throw new Error(`--at ${at}: not a time`);

const shiftLib = join(mkdtempSync(join(tmpdir(), "baken-clock-")), "clock-shift.so");
execFileSync("cc", ["-shared", "-fPIC", "-O2", "-o", shiftLib, "scripts/clock-shift.c"], { stdio: "inherit" });

const shift = startsAt - Date.now();
console.log(`runtime clock: ${new Date(startsAt).toISOString()} now (shifted ${shift} ms), runtime TZ ${zone ?? "UTC"}`);
const vitest = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...args], {
  stdio: "inherit",
  env: {
    ...process.env,
    MINIFLARE_WORKERD_PATH: resolve("scripts/workerd-shifted.sh"),
    BAKEN_WORKERD: createRequire(import.meta.url)("workerd").default,
    BAKEN_CLOCK_SHIFT_LIB: shiftLib,
    BAKEN_CLOCK_SHIFT_MS: String(shift),
    ...(zone === undefined ? {} : { BAKEN_RUNTIME_TZ: zone }),
  },
});
process.exit(vitest.status ?? 1);
