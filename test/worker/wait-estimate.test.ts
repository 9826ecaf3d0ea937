import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { TestSocket, accept, connectVisitor, loginAdmin, startChat } from "./helpers";

const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);

/** Everyone now waiting is made to have arrived `seconds` ago. */
async function backdateQueue(seconds: number): Promise<void> {
  await runInDurableObject(desk(), (_, state) => {
    state.storage.sql.exec("UPDATE chats SET enqueued_at = ? WHERE state = 'waiting'", Date.now() - seconds * 1000);
  });
}

async function samples(): Promise<number[]> {
  return runInDurableObject(desk(), (_, state) =>
    state.storage.sql.exec<{ seconds: number }>("SELECT seconds FROM recent_waits ORDER BY id").toArray().map((r) => r.seconds),
  );
}

async function clearQueue(): Promise<void> {
  await runInDurableObject(desk(), (_, state) => {
    state.storage.sql.exec("DELETE FROM chats WHERE state = 'waiting'");
    state.storage.sql.exec("DELETE FROM recent_waits");
  });
}

describe("the wait estimate a visitor sees", () => {
  it("learns how long one place takes, not how long whole waits were", async () => {
    await clearQueue();
    const cookie = await loginAdmin();
    const first = await startChat();
    const second = await startChat();
    // Both arrived ten minutes ago; the first is taken now, the second right after.
    await backdateQueue(600);
    expect((await accept(cookie, first.conversationId)).status).toBe(204);
    expect((await accept(cookie, second.conversationId)).status).toBe(204);
    const [a, b] = await samples();
    expect(a).toBeGreaterThanOrEqual(599);
    // The second chat waited ten minutes too, but the queue moved one place in moments.
    expect(b).toBeLessThan(5);
  });

  it("is the median place time times the place, only while a counsellor is connected", async () => {
    await clearQueue();
    await runInDurableObject(desk(), (_, state) => {
      for (const seconds of [100, 120, 500]) state.storage.sql.exec("INSERT INTO recent_waits (seconds) VALUES (?)", seconds);
    });
    await startChat();
    const nobody = await connectVisitor(await startChat());
    // Nobody at the console: no promise about the time.
    expect(await nobody.next("queue")).toEqual({ type: "queue", position: 2, waitSeconds: null });

    // The Desk registers a console socket before it answers the upgrade.
    const counsellor = await TestSocket.open("/ws/console", { cookie: await loginAdmin() });
    const third = await connectVisitor(await startChat());
    expect(await third.next("queue")).toEqual({ type: "queue", position: 3, waitSeconds: 3 * 120 });
    counsellor.close();
  });

  it("says nothing until there are enough samples", async () => {
    await clearQueue();
    // The Desk registers a console socket before it answers the upgrade.
    const counsellor = await TestSocket.open("/ws/console", { cookie: await loginAdmin() });
    const visitor = await connectVisitor(await startChat());
    expect(await visitor.next("queue")).toEqual({ type: "queue", position: 1, waitSeconds: null });
    counsellor.close();
  });
});
