import { resolve } from "node:path";
import { defineConfig } from "vite";

/** Builds the pages into dist/, which Workers Static Assets serves. */
export default defineConfig({
  root: "web",
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    manifest: true,
    // No inline scripts or styles: the Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        visitor: resolve("web/index.html"),
        console: resolve("web/console.html"),
        dashboard: resolve("web/dashboard.html"),
        privacy: resolve("web/privacy.html"),
      },
    },
  },
});
