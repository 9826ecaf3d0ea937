/** A kept conversation that ended is a closed transcript: no late frame may add to it. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accept, connectCounsellor, connectVisitor, loginAdmin, startChat } from "./helpers";
import { keepChat } from "./keep";

async function storedTexts(conversationId: string): Promise<string[]> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ text: string }>("SELECT text FROM messages ORDER BY seq").toArray().map((r) => r.text),
  );
}

async function keptAndActive() {
  const cookie = await loginAdmin();
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  await keepChat(chat);
  await accept(cookie, chat.conversationId);
  const counsellor = await connectCounsellor(cookie, chat.conversationId);
  visitor.send({ type: "send", cid: "v1", text: "bewaar dit" });
  await counsellor.next("msg");
  return { chat, visitor, counsellor };
}

describe("a late send on a kept conversation that ended", () => {
  it("is refused with a typed error while the socket is still open, and nothing is stored", async () => {
    const { chat, visitor, counsellor } = await keptAndActive();
    // The moment between the chat being parked and its sockets closing, held open.
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET status = 'ended'");
    });
    visitor.send({ type: "send", cid: "late", text: "te laat" });
    expect(await visitor.next("error")).toMatchObject({ type: "error", code: "chat_ended" });
    counsellor.send({ type: "send", cid: "late-c", text: "ook te laat" });
    expect(await counsellor.next("error")).toMatchObject({ type: "error", code: "chat_ended" });
    expect(visitor.all("ack").map((a) => a.cid)).toEqual(["v1"]);
    expect(counsellor.all("msg")).toHaveLength(1);
    expect(await storedTexts(chat.conversationId)).toEqual(["bewaar dit"]);
  });

  it("refuses a counsellor's late private note too, so no note outlives the chat", async () => {
    const { chat, counsellor } = await keptAndActive();
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET status = 'ended'");
    });
    counsellor.send({ type: "note", text: "te late notitie" });
    expect(await counsellor.next("error")).toMatchObject({ type: "error", code: "chat_ended" });
    const notes = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'notes'").toArray().length > 0
        ? state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n
        : 0,
    );
    expect(notes).toBe(0);
  });

  it("is not stored when it follows the end on the same socket", async () => {
    const { chat, visitor } = await keptAndActive();
    visitor.send({ type: "end" });
    visitor.send({ type: "send", cid: "late", text: "te laat" });
    await visitor.closedWith();
    expect(await storedTexts(chat.conversationId)).toEqual(["bewaar dit"]);
  });

  it("still acks a resend of a message stored before the end", async () => {
    const { chat, visitor } = await keptAndActive();
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET status = 'ended'");
    });
    visitor.send({ type: "send", cid: "v1", text: "bewaar dit" });
    expect(await visitor.next("ack")).toMatchObject({ cid: "v1", seq: 1 });
    expect(visitor.all("error")).toEqual([]);
  });
});
