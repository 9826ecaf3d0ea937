// `npm start`: builds the pages, then serves everything on http://localhost:8787 with state kept in
// .wrangler/state between restarts. Prints the one-time setup secret for the first staff account. The
// key that signs chat ids is made once too and kept beside it, so chats survive a restart.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { startServer } from "./dev-server.mjs";

const STATE = ".wrangler/state";
const SECRET_FILE = ".wrangler/setup-secret";
const CHAT_ID_KEY_FILE = ".wrangler/chat-id-key";
const PORT = Number(process.env.PORT ?? 8787);

mkdirSync(STATE, { recursive: true });
/** A secret made once, on the first start, and read from its file (this user's only) ever after. */
function kept(file, bytes) {
  if (!existsSync(file)) writeFileSync(file, randomBytes(bytes).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
const setupSecret = kept(SECRET_FILE, 24);
const chatIdKey = kept(CHAT_ID_KEY_FILE, 32);

execFileSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], { stdio: "inherit" });
execFileSync(process.execPath, ["scripts/budget.mjs"], { stdio: "inherit" });

const server = await startServer({ port: PORT, persistTo: STATE, setupSecret, chatIdKey, dev: true });
const base = `http://localhost:${PORT}`;
console.log(`
  Baken is running.
    visitor chat   ${base}/
    console        ${base}/console
    dashboard      ${base}/dashboard

  First staff account: open ${base}/console and use this one-time setup secret
  (it only works while no account exists; it is kept in ${SECRET_FILE}):

    ${setupSecret}
`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.stop().then(() => process.exit(0)));
