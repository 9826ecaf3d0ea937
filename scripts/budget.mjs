// Measures what each page makes a browser download (its JavaScript and CSS, gzipped, following every
// static import) and fails the build when the visitor page exceeds its budget.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGETS = { "index.html": 25_000 }; // bytes, gzipped: the visitor page on a cheap phone
const manifest = JSON.parse(readFileSync("dist/.vite/manifest.json", "utf8"));

function filesOf(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk.imports ?? []) filesOf(imported, seen);
  return seen;
}

let failed = false;
for (const entry of ["index.html", "console.html", "dashboard.html"]) {
  const files = new Set();
  for (const key of filesOf(entry)) {
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
  }
  const bytes = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length, 0);
  const budget = BUDGETS[entry];
  const verdict = budget === undefined ? "" : bytes <= budget ? ` (budget ${budget}: ok)` : ` (budget ${budget}: OVER)`;
  console.log(`${entry}: ${(bytes / 1000).toFixed(1)} kB JS+CSS gzipped${verdict}`);
  if (budget !== undefined && bytes > budget) failed = true;
}
if (failed) {
  console.error("The visitor page is over its size budget.");
  process.exit(1);
}
