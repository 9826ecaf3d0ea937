// Measures what the start's proof of work costs a cheap phone: the visitor page's own solver
// (web/visitor/proof-of-work.ts, bundled as it is) runs in Debian's Chromium with its CPU slowed
// through the DevTools protocol (1 = this machine, 4 and 6 = roughly a low-end Android), and is timed
// at every difficulty. Prints a Markdown table of the median and slowest solve per difficulty.
import { build } from "vite";
import { chromium } from "playwright-core";

const RATES = (process.env.POW_RATES ?? "1,4,6").split(",").map(Number);
const MAX_BITS = Number(process.env.POW_MAX ?? 20);
/** Solves per difficulty: the work is random (geometric), so one solve says little. */
const RUNS = Number(process.env.POW_RUNS ?? 7);
/** Stop a rate once a median passes this: higher bits only take longer. */
const GIVE_UP_MS = Number(process.env.POW_GIVE_UP_MS ?? 10_000);

const bundle = await build({
  configFile: false,
  logLevel: "warn",
  build: { write: false, minify: true, lib: { entry: "web/visitor/proof-of-work.ts", formats: ["iife"], name: "pow", fileName: "pow" } },
});
const code = [bundle].flat()[0].output[0].code;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = new Map();
/** Hashes tried and time taken per rate, over every solve: the solver's speed, which the random work hides. */
const hashed = new Map();
try {
  for (const rate of RATES) {
    const page = await browser.newPage();
    // localhost is a secure context, which crypto.subtle needs; nothing is served but this page.
    await page.route("http://localhost/pow", (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><script>${code}</script>` }));
    await page.goto("http://localhost/pow");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    for (let bits = 0; bits <= MAX_BITS; bits++) {
      let times = await page.evaluate(
        async ({ bits, runs }) => {
          const out = [];
          for (let i = 0; i < runs; i++) {
            const challenge = `${crypto.randomUUID()}.${bits}`;
            const t0 = performance.now();
            const counter = await globalThis.pow.solve(challenge, bits);
            out.push({ ms: performance.now() - t0, hashes: counter + 1 });
          }
          return out;
        },
        { bits, runs: RUNS },
      );
      const perRate = (hashed.get(rate) ?? { hashes: 0, ms: 0 });
      for (const t of times) Object.assign(perRate, { hashes: perRate.hashes + t.hashes, ms: perRate.ms + t.ms });
      hashed.set(rate, perRate);
      times = times.map((t) => t.ms).sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const row = rows.get(bits) ?? {};
      row[rate] = { median, max: times[times.length - 1] };
      rows.set(bits, row);
      console.error(`rate ${rate}x, ${bits} bits: median ${median.toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms`);
      if (median > GIVE_UP_MS) break;
    }
    await page.close();
  }
} finally {
  await browser.close();
}

const fmt = (cell) => (cell ? `${cell.median.toFixed(0)} / ${cell.max.toFixed(0)}` : "—");
console.log(`| bits | ${RATES.map((r) => `CPU ${r}× (median / slowest ms)`).join(" | ")} |`);
console.log(`| --- | ${RATES.map(() => "---").join(" | ")} |`);
for (const [bits, row] of rows) console.log(`| ${bits} | ${RATES.map((r) => fmt(row[r])).join(" | ")} |`);
// Counters tried per second over every solve (the expected work at b bits is 2^b counters).
const speed = RATES.map((r) => hashed.get(r)).map((h) => h.hashes / (h.ms / 1000));
console.log(`| counters/s | ${speed.map((s) => s.toFixed(0)).join(" | ")} |`);
