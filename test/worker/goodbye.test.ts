/**
 * A closed or reloaded page says goodbye (`left`) as it goes. A reload comes back with its token within
 * the short grace and the chat goes on; a closed tab does not, and the alarm ends the chat as `left`.
 * A quick exit never waits.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CloseCode } from "../../schema/protocol";
import { GOODBYE_GRACE_SECONDS } from "../../worker/goodbye";
import { connectVisitor, postJson, chatUnderWay } from "./helpers";
import { tablesOf } from "./keep";

function queued(conversationId: string): Promise<boolean> {
  return env.DESK.getByName(DEFAULT_HELPLINE).isOpen(conversationId);
}

function goodbyeAt(conversationId: string): Promise<number | null> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ goodbye_at: number | null }>("SELECT goodbye_at FROM meta").one().goodbye_at,
  );
}

/** Moves the chat's clock: pretends the page said goodbye `ms` ago. */
async function goodbyeAgo(conversationId: string, ms: number): Promise<void> {
  await runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => {
    state.storage.sql.exec("UPDATE meta SET goodbye_at = ?", Date.now() - ms);
  });
}

/** An accepted chat with one message each way, the visitor's and the counsellor's sockets open. */
async function chatWithMessages() {
  const { chat, visitor, counsellor } = await chatUnderWay();
  visitor.send({ type: "send", cid: "v1", text: "ik durf het niet te zeggen" });
  await counsellor.next("msg");
  counsellor.send({ type: "send", cid: "c1", text: "neem je tijd" });
  await visitor.next("msg");
  return { chat, visitor, counsellor };
}

const PAST_GRACE_MS = GOODBYE_GRACE_SECONDS * 1000 + 1;

describe("the page's goodbye", () => {
  it("by frame, followed by a hello within the grace (a reload), keeps the chat and its messages", async () => {
    const { chat, visitor, counsellor } = await chatWithMessages();
    visitor.send({ type: "exit", why: "left" });
    // The goodbye's socket is closed by the server, so it is never taken for a page that came back.
    expect((await visitor.closedWith()).code).toBe(1000);
    await expect.poll(() => goodbyeAt(chat.conversationId)).not.toBeNull();

    const reloaded = await connectVisitor(chat, 0);
    expect(reloaded.all("welcome")[0]).toMatchObject({ status: "active", counsellor: "Sam" });
    const backlog = [await reloaded.next("msg"), await reloaded.next("msg")];
    expect(backlog.map((m) => m.text)).toEqual(["ik durf het niet te zeggen", "neem je tijd"]);
    expect(await goodbyeAt(chat.conversationId)).toBeNull();

    // Whatever alarm comes next finds nothing to end.
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    reloaded.send({ type: "send", cid: "v2", text: "ben er weer" });
    expect((await counsellor.next("msg")).text).toBe("ben er weer");
    expect(counsellor.all("ended")).toEqual([]);
    expect(await queued(chat.conversationId)).toBe(true);
  });

  it("by request, with a visitor back on a socket when the alarm comes, does not end the chat", async () => {
    const { chat, visitor, counsellor } = await chatWithMessages();
    // The page's request may even arrive after the reloaded page said hello.
    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token, why: "left" })).status).toBe(204);
    await goodbyeAgo(chat.conversationId, PAST_GRACE_MS);
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect(await goodbyeAt(chat.conversationId)).toBeNull();
    visitor.send({ type: "send", cid: "v2", text: "nog hier" });
    expect((await counsellor.next("msg")).text).toBe("nog hier");
    expect(counsellor.all("ended")).toEqual([]);
  });

  it.each(["frame", "request"] as const)("by %s, without a hello, ends the chat as `left` when the grace passes: released and erased", async (how) => {
    const { chat, visitor, counsellor } = await chatWithMessages();
    if (how === "frame") {
      visitor.send({ type: "exit", why: "left" });
      await visitor.closedWith();
    } else {
      expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token, why: "left" })).status).toBe(204);
      visitor.close();
    }
    await expect.poll(() => goodbyeAt(chat.conversationId)).not.toBeNull();
    // Within the grace nothing has ended yet.
    expect(counsellor.all("ended")).toEqual([]);
    expect(await queued(chat.conversationId)).toBe(true);
    const alarm = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm ?? Infinity).toBeLessThanOrEqual(((await goodbyeAt(chat.conversationId)) ?? 0) + GOODBYE_GRACE_SECONDS * 1000);

    await goodbyeAgo(chat.conversationId, PAST_GRACE_MS);
    expect(await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId))).toBe(true);
    expect(await counsellor.next("ended")).toEqual({ type: "ended", by: "left" });
    expect((await counsellor.closedWith()).code).toBe(CloseCode.ended);
    await expect.poll(() => queued(chat.conversationId)).toBe(false);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
    // Gone for good: the token opens nothing any more.
    const late = await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token, why: "left" });
    expect(late.status).toBe(204);
  });

  it("does not hold up a quick exit, even one that follows a goodbye", async () => {
    const { chat, visitor, counsellor } = await chatWithMessages();
    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token, why: "left" })).status).toBe(204);
    visitor.send({ type: "exit", why: "quick_exit" });
    expect(await counsellor.next("ended")).toEqual({ type: "ended", by: "quick_exit" });
    await expect.poll(() => queued(chat.conversationId)).toBe(false);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
  });

  it("refuses a goodbye with a wrong token, which starts no grace", async () => {
    const { chat } = await chatWithMessages();
    const res = await postJson(`/api/chats/${chat.conversationId}/exit`, { token: "not-this-chats-token-at-all", why: "left" });
    expect(res.status).toBe(403);
    expect(await goodbyeAt(chat.conversationId)).toBeNull();
  });

  it("that crosses the chat's end asks nothing of a chat that is gone", async () => {
    const { chat, visitor } = await chatWithMessages();
    // The chat is erased while the page's goodbye is still on its way (its socket not yet closed).
    await env.CONVERSATION.getByName(chat.conversationId).discard();
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...line) => void errors.push(line));
    visitor.send({ type: "exit", why: "left" });
    expect((await visitor.closedWith()).code).toBe(1000);
    spy.mockRestore();
    expect(JSON.stringify(errors)).not.toMatch(/frame_failed/);
    expect(await tablesOf(chat.conversationId)).toEqual([]);
  });
});
