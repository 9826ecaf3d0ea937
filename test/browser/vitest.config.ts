import { defineConfig } from "vitest/config";

/** Browser tests: Node drives Debian's Chromium against the built pages and the deploy bundle in workerd (scripts/dev-server.mjs). */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/server.ts"],
    // A whole flow (two pages, many steps) on a loaded two-core machine; each step has its own 30 s wait.
    testTimeout: 120_000,
    hookTimeout: 90_000,
    // One Chromium at a time: the machines have two cores.
    fileParallelism: false,
  },
});
