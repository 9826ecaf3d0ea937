/** A Baken server for a fault test: the deploy bundle in workerd (scripts/dev-server.mjs) on a free port, state in a temp dir. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHAT_ID_KEY, SETUP_SECRET } from "../../bench/baken-http.mjs";
import { killTree } from "../../bench/process-tree.mjs";
import { startServer } from "../../scripts/dev-server.mjs";

export { freePort } from "../../scripts/dev-server.mjs";

export type Running = { url: string; kill(): void; stop(): Promise<void> };

/** Fast sends are the point of these tests, so the per-side limit is lifted (MESSAGES_PER_MINUTE), and many
 *  chats start from this one address, so the per-client start limit is too (CHAT_STARTS_PER_WINDOW), as is the
 *  limit on the visitor sockets it opens (VISITOR_SOCKETS_PER_WINDOW: drops make them reconnect), and the
 *  start's proof of work is off (START_WORK_MAX_BITS 0): these clients post starts without the page. */
const VARS = { MESSAGES_PER_MINUTE: "100000", CHAT_STARTS_PER_WINDOW: "100000", STARTS_PER_MINUTE: "100000", VISITOR_SOCKETS_PER_WINDOW: "100000", START_WORK_MAX_BITS: "0", SECOND_FACTOR_ROLES: "none" };

/** Starts (or restarts, on the same port and state) a server. */
export async function serve(port: number, persistTo: string): Promise<Running> {
  const server = await startServer({ port, persistTo, setupSecret: SETUP_SECRET, chatIdKey: CHAT_ID_KEY, vars: VARS, quiet: true });
  return {
    url: server.url,
    /** SIGKILL the server and its workerd at once: no shutdown, no flush, like a pulled plug. */
    kill: () => server.process.pid !== undefined && killTree(server.process.pid),
    stop: server.stop,
  };
}

export function tempState(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "baken-faults-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
