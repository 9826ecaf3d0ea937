// Starts a baseline relay in its own Node process (so its memory is measured alone) and opens chats
// on it with the client its authors would use.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { untilDone } from "../cleanup.mjs";
import { startPostgres } from "./postgres.mjs";
import { Side } from "./side.mjs";

/** @param {string} file @param {Record<string, string>} [env] added to the harness's environment */
async function spawnRelay(file, env = {}) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`../baselines/${file}`, import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  // A relay that fails before it listens (the pg relay when its database is unreachable) ends the run
  // instead of leaving it waiting for a line that never comes.
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`${file} exited (${code}) before it listened`);
  });
  const [line] = await Promise.race([once(createInterface({ input: child.stdout }), "line"), exited]);
  const { port } = JSON.parse(line);
  return {
    port,
    pids: () => (child.exitCode === null ? [child.pid] : []),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

let rooms = 0;

/** A baseline as the driver sees it: a room per chat, a visitor and a counsellor in it. */
function relayTarget(name, relay, side) {
  return {
    name,
    runtimePids: relay.pids,
    async openChat() {
      const room = String(++rooms);
      const visitor = await side(room, "visitor");
      const counsellor = await side(room, "counsellor");
      return { visitor, counsellor, end: () => {} };
    },
    stop: relay.stop,
  };
}

/** A side on a relay that speaks the ws relay's frames. */
function wsSide(port) {
  return (room, role) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/?room=${room}&role=${role}`, { perMessageDeflate: false });
      const s = new Side((cid, text) => ws.send(JSON.stringify({ type: "send", cid, text })), () => ws.close());
      ws.on("open", () => resolve(s));
      ws.on("error", reject);
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === "ack") s.onAck(frame.cid);
        else if (frame.type === "msg") s.onMsg(frame.cid);
        else if (frame.type === "error") s.onError(frame.code ?? "error");
      });
    });
}

export async function startWsRelay() {
  const relay = await spawnRelay("ws-relay.mjs");
  return relayTarget("Node ws relay (no storage)", relay, wsSide(relay.port));
}

/**
 * The ws relay with every message committed to a throwaway Postgres cluster before its ack. Its
 * memory and CPU are the relay's and the cluster's together, as Baken's include its storage.
 * @param {{ stateDir: string }} options where the cluster keeps its files, as Baken's state
 */
export async function startPgRelay({ stateDir }) {
  const cluster = await startPostgres({ stateDir });
  try {
    const relay = await spawnRelay("pg-relay.mjs", cluster.env);
    const both = {
      pids: () => [...relay.pids(), ...cluster.pids()],
      // Also on an interrupt that reaches only the harness: the relay must not outlive it either.
      stop: untilDone(async () => {
        await relay.stop();
        await cluster.stop();
      }),
    };
    return relayTarget("Node ws relay + PostgreSQL (commit per message)", both, wsSide(relay.port));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export async function startSocketIoRelay() {
  const relay = await spawnRelay("socketio-relay.mjs");
  return relayTarget("Socket.IO relay (no storage)", relay, (room, role) =>
    new Promise((resolve, reject) => {
      const socket = io(`http://127.0.0.1:${relay.port}`, {
        transports: ["websocket"],
        query: { room, role },
        reconnection: false,
        forceNew: true,
      });
      const s = new Side(
        (cid, text) => socket.emit("send", { cid, text }, (ack) => s.onAck(ack.cid)),
        () => socket.disconnect(),
      );
      socket.on("connect", () => resolve(s));
      socket.on("connect_error", reject);
      socket.on("msg", (frame) => s.onMsg(frame.cid));
    }),
  );
}
