/**
 * Resuming a kept conversation that ended puts it back in the queue. With the queue full the answer
 * is a 503 and nothing changes: the conversation stays parked with its token and its code, and a
 * later try gets in (before, the token was rotated first and the chat stranded outside the queue).
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CloseCode } from "../../schema/close-codes";
import { LIMITS } from "../../schema/limits";
import { connectVisitor, startChat } from "./helpers";
import { keepChat, post, resume } from "./keep";

const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);

function stateOf(conversationId: string) {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ token_hash: string; status: string }>("SELECT token_hash, status FROM meta").one(),
  );
}

function offeredCount(): Promise<number> {
  return runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ n: number }>("SELECT coalesce(sum(count), 0) AS n FROM counters WHERE metric = 'chat_offered'").one().n,
  );
}

async function fillQueue(): Promise<void> {
  await runInDurableObject(desk(), (_obj, state) => {
    const waiting = state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chats WHERE state = 'waiting'").one().n;
    for (let i = waiting; i < LIMITS.queueLength; i++) {
      state.storage.sql.exec("INSERT INTO chats (conversation_id, state, enqueued_at, language) VALUES (?, 'waiting', ?, 'nl')", `full-${i}`, Date.now());
    }
  });
}

afterEach(async () => {
  await runInDurableObject(desk(), (_obj, state) => {
    state.storage.sql.exec("DELETE FROM chats WHERE conversation_id LIKE 'full-%'");
  });
});

describe("resuming while the queue is full", () => {
  it("answers 503 and leaves the parked conversation, its token and its code as they were", async () => {
    const chat = await startChat();
    const kept = await keepChat(chat);
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "end" });
    await visitor.next("ended");
    // The Desk hears of the end just after the sockets do.
    await expect.poll(() => desk().isOpen(chat.conversationId)).toBe(false);
    const parked = await stateOf(chat.conversationId);
    expect(parked.status).toBe("ended");

    await fillQueue();
    const offered = await offeredCount();
    const refused = await post("/api/resume", { code: kept.code });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: "queue_full" });
    expect(await offeredCount(), "a refused resume is no offer").toBe(offered);
    expect(await stateOf(chat.conversationId)).toEqual(parked);
    expect(await desk().isOpen(chat.conversationId)).toBe(false);

    // Room again: the same code resumes it, back in the queue with a new token.
    await runInDurableObject(desk(), (_obj, state) => {
      state.storage.sql.exec("DELETE FROM chats WHERE conversation_id LIKE 'full-%'");
    });
    const resumed = await resume(kept.code);
    expect(await desk().isOpen(chat.conversationId)).toBe(true);
    const after = await stateOf(chat.conversationId);
    expect(after.status).toBe("waiting");
    expect(after.token_hash).not.toBe(parked.token_hash);
    const back = await connectVisitor({ conversationId: resumed.conversationId, token: resumed.token });
    expect(back.closed).toBeNull();
  });

  it("still continues a conversation that had not ended (no place in the queue needed) on a new token", async () => {
    const chat = await startChat();
    const kept = await keepChat(chat);
    const old = await connectVisitor(chat);
    await fillQueue();
    const resumed = await resume(kept.code);
    expect((await old.closedWith()).code).toBe(CloseCode.moved);
    expect((await connectVisitor({ conversationId: resumed.conversationId, token: resumed.token })).closed).toBeNull();
  });
});
