/** An accept whose call to the chat's object fails must leave the Desk consistent: no chat lost, no ghost. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { accept, connectVisitor, loginAdmin, startChat } from "./helpers";

/** Where the Desk has the chat: its queue row (place and urgency) and who holds it. */
async function deskRowsOf(conversationId: string) {
  return runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) => ({
    queued: state.storage.sql
      .exec<{ enqueued_at: number; in_danger: number | null; language: string }>(
        "SELECT enqueued_at, in_danger, language FROM chats WHERE state = 'waiting' AND conversation_id = ?",
        conversationId,
      )
      .toArray(),
    holders: state.storage.sql
      .exec<{ staff_id: string }>("SELECT staff_id FROM chats WHERE state = 'held' AND conversation_id = ?", conversationId)
      .toArray()
      .map((r) => r.staff_id),
  }));
}

/** Makes the chat's object fail (throw) on every call that reads its state, or heals it again. */
async function breakConversation(conversationId: string, broken: boolean) {
  await runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => {
    state.storage.sql.exec(broken ? "ALTER TABLE meta RENAME TO meta_away" : "ALTER TABLE meta_away RENAME TO meta");
  });
}

describe("an accept that fails half-way", () => {
  it("puts the chat back in the queue as it was when the chat's object throws, so a retry can take it", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat({ inDanger: true, language: "en" });
    const visitor = await connectVisitor(chat);
    const before = await deskRowsOf(chat.conversationId);
    expect(before.queued).toHaveLength(1);

    await breakConversation(chat.conversationId, true);
    const failed = await accept(cookie, chat.conversationId);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: "internal" });
    expect(await deskRowsOf(chat.conversationId)).toEqual({ queued: before.queued, holders: [] });

    await breakConversation(chat.conversationId, false);
    expect((await accept(cookie, chat.conversationId)).status).toBe(204);
    expect(await visitor.next("joined")).toMatchObject({ type: "joined" });
    expect((await deskRowsOf(chat.conversationId)).queued).toEqual([]);
    expect((await deskRowsOf(chat.conversationId)).holders).toHaveLength(1);
  });

  it("drops the chat, leaving no ghost row, when its object says it is gone", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    // Erased without telling the Desk, as when the object's release call was lost.
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (obj) => obj.discard());
    expect((await deskRowsOf(chat.conversationId)).queued).toHaveLength(1);

    expect((await accept(cookie, chat.conversationId)).status).toBe(409);
    expect(await deskRowsOf(chat.conversationId)).toEqual({ queued: [], holders: [] });
    expect((await accept(cookie, chat.conversationId)).status).toBe(409);
  });
});

describe("asking a chat's object again who took it", () => {
  it("is harmless for the same counsellor and refused for another, so a lost answer can be retried", async () => {
    const chat = await startChat();
    const conversation = env.CONVERSATION.getByName(chat.conversationId);
    const sam = { id: "staff-sam", displayName: "Sam" };
    expect(await conversation.assign(sam)).toBe(true);
    expect(await conversation.assign(sam)).toBe(true);
    expect(await conversation.assign({ id: "staff-kim", displayName: "Kim" })).toBe(false);
  });
});
