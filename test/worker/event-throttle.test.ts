/**
 * Typing and read receipts are throttled per socket: a burst of typing reaches the other side as a
 * handful, and a read receipt is relayed only when it moves forward.
 */
import { describe, expect, it } from "vitest";
import { TYPING_INTERVAL_MS } from "../../worker/event-throttle";
import { type TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, startChat } from "./helpers";

async function activeChat(): Promise<{ visitor: TestSocket; counsellor: TestSocket }> {
  const cookie = await loginAdmin();
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  expect((await accept(cookie, chat.conversationId)).status).toBe(204);
  const counsellor = await connectCounsellor(cookie, chat.conversationId);
  return { visitor, counsellor };
}

/** A message after the frames under test: frames on one socket are handled in order, so once it
 *  arrives every earlier frame has been handled. */
async function flush(from: TestSocket, to: TestSocket, cid: string): Promise<void> {
  from.send({ type: "send", cid, text: "marker" });
  await to.next("msg");
}

describe("typing and read events", () => {
  it("relays a burst of 500 typing frames as a handful", async () => {
    const { visitor, counsellor } = await activeChat();
    const startedAt = Date.now();
    for (let i = 0; i < 500; i++) visitor.send({ type: "typing" });
    await flush(visitor, counsellor, "after-typing");
    const relayed = counsellor.all("typing").length;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / TYPING_INTERVAL_MS) + 1);
  });

  it("relays typing again once the interval has passed", async () => {
    const { visitor, counsellor } = await activeChat();
    visitor.send({ type: "typing" });
    await counsellor.next("typing");
    await new Promise((resolve) => setTimeout(resolve, TYPING_INTERVAL_MS + 50));
    visitor.send({ type: "typing" });
    expect(await counsellor.next("typing")).toEqual({ type: "typing", from: "visitor" });
  });

  it("relays the typing that follows a message at once: the message cleared the other side's mark", async () => {
    const { visitor, counsellor } = await activeChat();
    visitor.send({ type: "typing" });
    await counsellor.next("typing");
    visitor.send({ type: "send", cid: "v1", text: "hoi" });
    await counsellor.next("msg");
    visitor.send({ type: "typing" });
    await flush(visitor, counsellor, "after-second-typing");
    expect(counsellor.all("typing")).toHaveLength(2);
  });

  it("relays a read receipt only when its seq moves forward, and never past the last message", async () => {
    const { visitor, counsellor } = await activeChat();
    counsellor.send({ type: "send", cid: "c1", text: "hoi" });
    await visitor.next("msg");
    visitor.send({ type: "read", seq: 1 });
    expect(await counsellor.next("read")).toEqual({ type: "read", from: "visitor", seq: 1 });
    visitor.send({ type: "read", seq: 1 });
    visitor.send({ type: "read", seq: 0 });
    // No message 9 exists yet: a receipt for it says nothing true.
    visitor.send({ type: "read", seq: 9 });
    await flush(visitor, counsellor, "after-reads");
    expect(counsellor.all("read").map((r) => r.seq)).toEqual([1]);
    // The marker is message 2; reading it moves forward and is relayed.
    visitor.send({ type: "read", seq: 2 });
    expect((await counsellor.next("read")).seq).toBe(2);
  });
});
