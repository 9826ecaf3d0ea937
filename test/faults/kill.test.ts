/**
 * The runtime is killed hard in the middle of a chat and started again on the same state: every
 * acknowledged message is still there and delivered, and the real web client reconnects by itself
 * and resumes from `since`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { afterAll, describe, expect, it } from "vitest";
import { bakenHttp } from "../../bench/baken-http.mjs";
import type { ServerFrame } from "../../schema/protocol";
import { Participant, installBrowserGlobals, peerDeliveries } from "./client";
import { type Running, freePort, serve, tempState } from "./server";

const state = tempState();
let server: Running | null = null;
afterAll(async () => {
  await server?.stop();
  state.remove();
});

/** Every message a fresh visitor connection gets when it asks for everything (since 0). */
async function transcript(url: string, conversationId: string, token: string): Promise<number[]> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/ws/chat/${conversationId}`, { origin: url });
  const seqs: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let last = -1;
    ws.on("open", () => ws.send(JSON.stringify({ type: "hello", token, since: 0 })));
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (frame.type === "welcome") last = frame.lastSeq;
      if (frame.type === "msg") seqs.push(frame.seq);
      if (last >= 0 && seqs.length >= last) resolve();
    });
    ws.on("error", reject);
  });
  ws.close();
  return seqs;
}

describe("a hard kill of the runtime mid-chat", () => {
  it("loses no acknowledged message, and the clients resume by themselves", async () => {
    const port = await freePort();
    server = await serve(port, state.dir);
    const http = bakenHttp(server.url);
    const cookie = await http.staffCookie();
    const chat = await http.startChat();
    await http.accept(cookie, chat.conversationId);
    const wire = installBrowserGlobals(server.url, cookie);
    const visitor = new Participant(`/ws/chat/${chat.conversationId}`, "visitor", chat.token);
    const counsellor = new Participant(`/ws/console/chat/${chat.conversationId}`, "counsellor");
    await expect.poll(() => visitor.online && counsellor.online, { timeout: 20_000 }).toBe(true);

    // A conversation under way, then messages still flowing when the plug is pulled.
    for (let i = 0; i < 10; i++) {
      visitor.connection.send(`bericht ${i}`);
      counsellor.connection.send(`antwoord ${i}`);
    }
    await expect.poll(() => visitor.stored.length + counsellor.stored.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(40);
    const acked = () => new Set([...visitor.stored, ...counsellor.stored].map((l) => `${l.from}:${l.text}`));
    for (let i = 10; i < 20; i++) {
      visitor.connection.send(`bericht ${i}`);
      counsellor.connection.send(`antwoord ${i}`);
    }
    // Some of this batch acknowledged (how many depends on the machine's load, not on the product),
    // the rest still in flight when the plug is pulled, and more sent after it.
    await expect.poll(() => acked().size, { timeout: 20_000 }).toBeGreaterThanOrEqual(30);
    for (let i = 20; i < 30; i++) {
      visitor.connection.send(`bericht ${i}`);
      counsellor.connection.send(`antwoord ${i}`);
      if (i === 20) server.kill();
      await sleep(5);
    }
    const ackedBeforeKill = acked();
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(30);
    await expect.poll(() => visitor.online || counsellor.online, { timeout: 10_000 }).toBe(false);

    server = await serve(port, state.dir);
    // No test code reconnects: the clients' own backoff brings them back, and their outboxes resend.
    await expect.poll(() => visitor.online && counsellor.online, { timeout: 30_000, interval: 200 }).toBe(true);
    await expect.poll(() => visitor.pending + counsellor.pending, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => visitor.stored.length === 60 && counsellor.stored.length === 60, { timeout: 20_000 }).toBe(true);

    for (const side of [visitor, counsellor]) {
      const seqs = side.stored.map((l) => l.seq);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const texts = new Set(side.stored.map((l) => `${l.from}:${l.text}`));
      for (const acked of ackedBeforeKill) expect(texts).toContain(acked);
    }
    for (const [path, me] of [[visitor.path, "visitor"], [counsellor.path, "counsellor"]] as const) {
      const delivered = peerDeliveries(wire, path, me);
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(delivered.length).toBe(30);
    }
    expect(await transcript(server.url, chat.conversationId, chat.token)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    visitor.connection.destroy();
    counsellor.connection.destroy();
  });
});
