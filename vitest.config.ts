import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";

/**
 * What wrangler deploys for each environment, inheritance resolved, for the tests of the deployment's
 * own promises (test/worker/deploy-config.test.ts): the tests run in workerd, which cannot read files.
 */
const deployed = Object.fromEntries(
  (["", "staging", "production"] as const).map((name) => {
    const config = unstable_readConfig({ config: "./wrangler.toml", env: name || undefined }, { hideWarnings: true });
    return [
      name || "local",
      {
        observability: config.observability ?? null,
        logpush: config.logpush ?? false,
        tailConsumers: (config.tail_consumers ?? []).length + (config.streaming_tail_consumers ?? []).length,
        durableObjects: config.durable_objects.bindings.map((binding) => binding.name),
        jurisdiction: config.vars.DO_JURISDICTION ?? null,
      },
    ];
  }),
);

/** Tests that run inside workerd, against the real worker and its Durable Objects. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          SETUP_SECRET: "test-setup-secret-0123456789",
          CHAT_ID_KEY: "test-chat-id-key-0123456789abcdef",
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
    provide: { deployed },
    // The objects log after a test file may have finished (a socket closing, an alarm); through vitest's
    // console relay such a late line races the runner's teardown and fails the run. Logs go straight to
    // workerd's stdout instead; the canary test still sees every line through its spy on console.
    disableConsoleIntercept: true,
  },
});
