// Baken as the load harness drives it: started the way `npm start` does (wrangler dev, state on
// disk in a temp dir), and every chat opened through the real HTTP routes and WebSocket protocol.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { startServer } from "../../scripts/dev-server.mjs";
import { SETUP_SECRET, bakenHttp } from "../baken-http.mjs";
import { commandOf, processTree } from "../process-tree.mjs";
import { Side } from "./side.mjs";

/**
 * @param {{ port: number, messagesPerMinute: number, stateDir: string }} options
 * The per-side rate limit is raised through the MESSAGES_PER_MINUTE var so that the burst scenario
 * measures the relay, not the limiter; production keeps LIMITS.messagesPerMinute. Every chat starts
 * from the harness's one address, so the per-client start limit is raised too (CHAT_STARTS_PER_WINDOW).
 */
export async function startBaken({ port, messagesPerMinute, stateDir }) {
  const persistTo = mkdtempSync(join(stateDir, "baken-bench-"));
  const server = await startServer({
    port,
    persistTo,
    setupSecret: SETUP_SECRET,
    vars: { MESSAGES_PER_MINUTE: String(messagesPerMinute), CHAT_STARTS_PER_WINDOW: "1000000" },
    quiet: true,
  });
  const origin = server.url;
  const http = bakenHttp(origin);
  const admin = await http.staffCookie();
  const desk = staffing(http, admin);
  const wsBase = origin.replace("http", "ws");

  return {
    name: "Baken (workerd)",
    /** The workerd processes only: the runtime, not wrangler's Node wrapper. */
    runtimePids: () => processTree(server.process.pid).filter((pid) => commandOf(pid).startsWith("workerd")),
    async openChat() {
      const started = await http.startChat();
      const visitor = await connect(`${wsBase}/ws/chat/${started.conversationId}`, { origin }, { token: started.token });
      const staff = await desk.seat();
      await http.accept(staff.cookie, started.conversationId);
      const counsellor = await connect(`${wsBase}/ws/console/chat/${started.conversationId}`, { origin, headers: { cookie: staff.cookie } }, {});
      return { visitor, counsellor, end: () => visitor.endChat() };
    },
    async stop() {
      await server.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** Opens a socket, says hello and resolves once welcomed. */
function connect(url, options, hello) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...options, perMessageDeflate: false });
    const side = new Side(
      (cid, text) => ws.send(JSON.stringify({ type: "send", cid, text })),
      () => ws.close(),
    );
    side.endChat = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "end" }));
    ws.on("open", () => ws.send(JSON.stringify({ type: "hello", since: 0, ...hello })));
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "welcome") resolve(side);
      else if (frame.type === "ack") side.onAck(frame.cid, frame.seq);
      else if (frame.type === "msg") side.onMsg(frame.cid, frame.seq);
      else if (frame.type === "error") side.onError(frame.code);
    });
    ws.on("error", reject);
    ws.on("close", (code) => {
      if (code !== 1000 && code !== 1005 && code !== 4000) side.onError(`close ${code}`);
      reject(new Error(`closed ${code} before welcome`));
    });
  });
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
        hiring = hiring.then(async () => {
          if (counsellors.length < wanted) counsellors.push({ cookie: await http.counsellor(adminCookie, wanted), open: 0 });
        });
        await hiring;
      }
    },
  };
}
