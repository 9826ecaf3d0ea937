/**
 * Clients drop and reconnect at random while chats are busy. Afterwards every acknowledged message
 * was delivered exactly once, in order, to every participant: in the client's transcript and on the
 * wire, across all of its reconnects.
 */
import { afterAll, describe, expect, it } from "vitest";
import { bakenHttp } from "../../bench/baken-http.mjs";
import { Participant, installBrowserGlobals, peerDeliveries } from "./client";
import { type Running, freePort, serve, tempState } from "./server";

const CHATS = 8;
const MESSAGES_PER_SIDE = 40;

const state = tempState();
let server: Running | null = null;
afterAll(async () => {
  await server?.stop();
  state.remove();
});

describe("clients that drop and reconnect at random under load", () => {
  it("still get every acknowledged message exactly once, in order", async () => {
    server = await serve(await freePort(), state.dir);
    const http = bakenHttp(server.url);
    const cookie = await http.staffCookie();
    const wire = installBrowserGlobals(server.url, cookie);
    const chats: { visitor: Participant; counsellor: Participant }[] = [];
    for (let i = 0; i < CHATS; i++) {
      const chat = await http.startChat();
      await http.accept(cookie, chat.conversationId);
      chats.push({
        visitor: new Participant(`/ws/chat/${chat.conversationId}`, "visitor", chat.token),
        counsellor: new Participant(`/ws/console/chat/${chat.conversationId}`, "counsellor"),
      });
    }
    const everyone = chats.flatMap((c) => [c.visitor, c.counsellor]);
    await expect.poll(() => everyone.every((p) => p.online), { timeout: 20_000 }).toBe(true);

    // Every 10 ms each participant may send; every 10 ms one random socket is cut without a close frame.
    let drops = 0;
    for (let round = 0; round < MESSAGES_PER_SIDE; round++) {
      for (const [i, p] of everyone.entries()) p.connection.send(`${i}:${round}`);
      const sockets = [...wire.sockets];
      const victim = sockets[Math.floor(Math.random() * sockets.length)];
      if (victim && Math.random() < 0.5) {
        victim.terminate();
        drops++;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(drops).toBeGreaterThan(5);

    const total = 2 * MESSAGES_PER_SIDE;
    await expect
      .poll(() => everyone.every((p) => p.pending === 0 && p.stored.length === total), { timeout: 60_000, interval: 250 })
      .toBe(true);
    for (const { visitor, counsellor } of chats) {
      for (const [me, role] of [[visitor, "visitor"], [counsellor, "counsellor"]] as const) {
        // The transcript: gapless seqs 1..total, each message once, each side's messages in send order.
        expect(me.stored.map((l) => l.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        for (const from of ["visitor", "counsellor"]) {
          const rounds = me.stored.filter((l) => l.from === from).map((l) => Number(l.text.split(":")[1]));
          expect(rounds).toEqual(Array.from({ length: MESSAGES_PER_SIDE }, (_, i) => i));
        }
        // The wire: each of the other side's messages arrived exactly once over all reconnects.
        const delivered = peerDeliveries(wire, me.path, role);
        expect(delivered.length).toBe(MESSAGES_PER_SIDE);
        expect(new Set(delivered).size).toBe(MESSAGES_PER_SIDE);
      }
      expect(visitor.stored.map((l) => `${l.seq}:${l.from}:${l.text}`)).toEqual(
        counsellor.stored.map((l) => `${l.seq}:${l.from}:${l.text}`),
      );
    }
    for (const p of everyone) p.connection.destroy();
  });
});
