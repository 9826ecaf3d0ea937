import { defineConfig } from "vitest/config";

/** Fault tests: each file starts its own server (the deploy bundle in workerd, scripts/dev-server.mjs) and hurts it. */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 90_000,
    // Each file runs a server and many sockets; the machines have two cores.
    fileParallelism: false,
  },
});
