import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Tests that run inside workerd, against the real worker and its Durable Objects. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: { SETUP_SECRET: "test-setup-secret-0123456789", ABANDON_GRACE_SECONDS: "60" },
      },
    }),
  ],
  test: { include: ["test/worker/**/*.test.ts"], testTimeout: 15_000 },
});
