/**
 * The Desk tells a waiting visitor their place only when it changed: a chat joining at the back of
 * the queue moves nobody and costs no push, while a chat that jumps ahead, or one that leaves, tells
 * exactly the chats it moved.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { TestSocket, accept, connectVisitor, loginAdmin, startChat } from "./helpers";

describe("queue places pushed to waiting visitors", () => {
  it("go only to the chats whose place moved", async () => {
    await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_, state) => {
      state.storage.sql.exec("DELETE FROM chats WHERE state = 'waiting'");
    });
    const cookie = await loginAdmin();
    const first = await connectVisitor(await startChat());
    expect(await first.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: null });
    const second = await connectVisitor(await startChat());
    expect(await second.next("queue")).toEqual({ type: "queue", position: 2, waitSeconds: null });
    // Two more at the back: nobody ahead of them moves, so nobody hears of them.
    await startChat();
    const fourth = await connectVisitor(await startChat());
    expect(await fourth.next("queue")).toEqual({ type: "queue", position: 4, waitSeconds: null });

    // An urgent chat goes first: everyone moves down one place, and each hears it once. Had the
    // quiet joins above been pushed, the next queue frame would still say the old place.
    const urgent = await startChat({ inDanger: true });
    expect(await first.next("queue")).toEqual({ type: "queue", position: 2, waitSeconds: null });
    expect(await second.next("queue")).toEqual({ type: "queue", position: 3, waitSeconds: null });
    expect(await fourth.next("queue")).toEqual({ type: "queue", position: 5, waitSeconds: null });

    // The urgent chat is answered: everyone moves up again.
    expect((await accept(cookie, urgent.conversationId)).status).toBe(204);
    expect(await first.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: null });
    expect(await second.next("queue")).toEqual({ type: "queue", position: 2, waitSeconds: null });
    expect(await fourth.next("queue")).toEqual({ type: "queue", position: 4, waitSeconds: null });

    // The last in the queue leaves: nobody ahead of it moves, so nobody is told anything.
    fourth.send({ type: "end" });
    await fourth.next("ended");
    // One more urgent chat is the sync point: by then every push of the steps above has arrived.
    await startChat({ inDanger: true });
    expect(await first.next("queue")).toEqual({ type: "queue", position: 2, waitSeconds: null });
    expect(await second.next("queue")).toEqual({ type: "queue", position: 3, waitSeconds: null });
    expect(first.all("queue").map((q) => q.position)).toEqual([1, 2, 1, 2]);
    expect(second.all("queue").map((q) => q.position)).toEqual([2, 3, 2, 3]);
  });

  it("go to every waiting chat whose estimate appears or goes as the consoles come and go", async () => {
    await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_, state) => {
      state.storage.sql.exec("DELETE FROM chats WHERE state = 'waiting'");
      for (const seconds of [60, 60, 60]) state.storage.sql.exec("INSERT INTO recent_waits (seconds) VALUES (?)", seconds);
    });
    const visitor = await connectVisitor(await startChat());
    expect(await visitor.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: null });
    const consoleSocket = await TestSocket.open("/ws/console", { cookie: await loginAdmin() });
    expect(await visitor.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: 60 });
    // The last console closes: nobody can promise a time any more, and the visitor hears so at once.
    consoleSocket.close();
    expect(await visitor.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: null });
  });
});
