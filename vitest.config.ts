import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Tests that run inside workerd, against the real worker and its Durable Objects. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          SETUP_SECRET: "test-setup-secret-0123456789",
          ABANDON_GRACE_SECONDS: "60",
          // Some files start hundreds of chats within a minute; the ceiling's own test fills it directly.
          STARTS_PER_MINUTE: "1000",
          // Admins sign in many times a minute here; second-factor.test.ts has an admin require factors.
          SECOND_FACTOR_ROLES: "none",
          // Two helplines side by side; the second is also reached by its own host.
          HELPLINES: JSON.stringify([
            { id: "baken" },
            { id: "west", hosts: ["west.test"], settings: { name: "Hulplijn West", theme: { accent: "#6b2c91", logo: null } } },
          ]),
        },
      },
    }),
  ],
  test: {
    include: ["test/worker/**/*.test.ts"],
    testTimeout: 30_000,
    setupFiles: ["test/worker/teardown.ts"],
    // The objects log after a test file may have finished (a socket closing, an alarm); through vitest's
    // console relay such a late line races the runner's teardown and fails the run. Logs go straight to
    // workerd's stdout instead; the canary test still sees every line through its spy on console.
    disableConsoleIntercept: true,
  },
});
