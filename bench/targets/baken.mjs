// Baken as the load harness drives it: wrangler's deploy bundle in workerd (scripts/dev-server.mjs, state on
// disk in a temp dir), and every chat opened through the real HTTP routes and WebSocket protocol.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../scripts/dev-server.mjs";
import { CHAT_ID_KEY, SETUP_SECRET, bakenHttp } from "../baken-http.mjs";
import { commandOf, processTree } from "../process-tree.mjs";
import { ResumingSide } from "./resuming-side.mjs";

/**
 * @param {{ port: number, messagesPerMinute: number, stateDir: string, dev?: boolean }} options
 * `dev`: through `wrangler dev` (`npm start`), whose proxy process adds a hop no deployment has; only to
 * measure that hop (the `baken-dev` target), never Baken's own figures.
 * The per-side rate limit is raised through the MESSAGES_PER_MINUTE var so that the burst scenario
 * measures the relay, not the limiter; production keeps LIMITS.messagesPerMinute. Every chat starts
 * from the harness's one address, so the per-client start limit is raised too (CHAT_STARTS_PER_WINDOW),
 * as is the limit on the visitor sockets it opens and reopens (VISITOR_SOCKETS_PER_WINDOW),
 * and the start's proof of work is off (START_WORK_MAX_BITS 0): the harness posts starts without the page.
 */
export async function startBaken({ port, messagesPerMinute, stateDir, dev = false }) {
  const persistTo = mkdtempSync(join(stateDir, "baken-bench-"));
  const server = await startServer({
    port,
    persistTo,
    setupSecret: SETUP_SECRET,
    chatIdKey: CHAT_ID_KEY,
    vars: { MESSAGES_PER_MINUTE: String(messagesPerMinute), CHAT_STARTS_PER_WINDOW: "1000000", STARTS_PER_MINUTE: "1000000", VISITOR_SOCKETS_PER_WINDOW: "1000000", START_WORK_MAX_BITS: "0", SECOND_FACTOR_ROLES: "none" },
    quiet: true,
    dev,
  }).catch((error) => {
    // A server that never became ready leaves no state behind either.
    rmSync(persistTo, { recursive: true, force: true });
    throw error;
  });
  const origin = server.url;
  const http = bakenHttp(origin);
  const admin = await http.staffCookie();
  const desk = staffing(http, admin);
  const wsBase = origin.replace("http", "ws");

  return {
    name: dev ? "Baken (wrangler dev: workerd behind its dev proxy)" : "Baken (workerd)",
    /** Its sockets can be cut and resumed (hello with since, resend by cid): it can run the drops scenario. */
    resumes: true,
    /** The workerd processes only: the runtime, not the Node process that starts it. */
    runtimePids: () => processTree(server.process.pid).filter((pid) => commandOf(pid).startsWith("workerd")),
    async openChat() {
      const started = await http.startChat();
      const visitor = new ResumingSide(`${wsBase}/ws/chat/${started.conversationId}`, { origin }, "visitor", { token: started.token });
      await visitor.open();
      try {
        const staff = await desk.seat();
        await http.accept(staff.cookie, started.conversationId);
        const counsellor = new ResumingSide(`${wsBase}/ws/console/chat/${started.conversationId}`, { origin, headers: { cookie: staff.cookie } }, "counsellor", {});
        await counsellor.open();
        return { visitor, counsellor, end: () => visitor.endChat() };
      } catch (error) {
        // A chat that failed to open never reaches the Load, which closes the ones that did: left
        // open, its visitor would keep reconnecting after the server stopped and the run would never end.
        visitor.close();
        throw error;
      }
    },
    async stop() {
      await server.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/**
 * Counsellors as the Desk allows them: each holds at most CAPACITY chats, so the harness makes a new
 * account whenever every one it has is full, as a real helpline adds staff. A bench chat is never
 * handed back, so a seat, once taken, stays taken.
 */
const CAPACITY = 10;
function staffing(http, adminCookie) {
  const counsellors = [];
  let hiring = Promise.resolve();
  return {
    async seat() {
      for (;;) {
        const free = counsellors.find((c) => c.open < CAPACITY);
        if (free) {
          free.open += 1;
          return free;
        }
        const wanted = counsellors.length + 1;
        const hire = hiring.then(async () => {
          if (counsellors.length < wanted) counsellors.push({ cookie: await http.counsellor(adminCookie, wanted), open: 0 });
        });
        // A failed hire fails the chat that waited for it, not every later one: the next seat hires again.
        hiring = hire.catch(() => {});
        await hire;
      }
    },
  };
}
