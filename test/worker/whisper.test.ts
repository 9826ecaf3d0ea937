/**
 * Whisper: a supervisor observing a chat coaches the counsellor and the counsellor answers. The visitor's
 * socket never receives a whisper (live, or in the backlog after a reconnect), a visitor's whisper is
 * refused with a typed error, and whispers are erased with the chat, also when a kept chat is parked.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../schema/limits";
import type { StartChatResponse } from "../../schema/http";
import { TestSocket, accept, connectCounsellor, connectVisitor, startChat } from "./helpers";
import { dump, keepChat, tablesOf } from "./keep";
import { staffer } from "./staff-helpers";

async function observe(cookie: string, conversationId: string, since = 0): Promise<TestSocket> {
  const socket = await TestSocket.open(`/ws/console/observe/${conversationId}`, { cookie });
  socket.send({ type: "hello", since });
  await socket.next("welcome");
  return socket;
}

/** A chat with its visitor, its counsellor and an observing supervisor all connected. */
async function coachedChat(keep = false) {
  const counsellor = await staffer("counsellor", "Noor");
  const supervisor = await staffer("supervisor", "Sara");
  const chat: StartChatResponse = await startChat();
  const visitor = await connectVisitor(chat);
  if (keep) await keepChat(chat);
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const held = await connectCounsellor(counsellor.cookie, chat.conversationId);
  const observer = await observe(supervisor.cookie, chat.conversationId);
  return { chat, visitor, held, observer, counsellor, supervisor };
}

function whispersIn(socket: TestSocket): unknown[] {
  return socket.frames.filter((f) => f.type === "whisper" || JSON.stringify(f).includes("WHISPER"));
}

describe("whisper between a supervisor and the counsellor", () => {
  it("reaches the counsellor and the observer, never the visitor, live or after a reconnect", async () => {
    const { chat, visitor, held, observer, counsellor } = await coachedChat();
    observer.send({ type: "whisper", text: "WHISPER vraag naar wie de foto's heeft" });
    expect(await held.next("whisper")).toMatchObject({ by: "Sara", text: "WHISPER vraag naar wie de foto's heeft" });
    expect(await observer.next("whisper")).toMatchObject({ by: "Sara" });
    held.send({ type: "whisper", text: "WHISPER doe ik, dank je" });
    expect(await observer.next("whisper")).toMatchObject({ by: "Noor", text: "WHISPER doe ik, dank je" });

    // A message after the whispers: once the visitor has it, the whispers (sent before) would have arrived too.
    held.send({ type: "send", cid: "after", text: "Wie heeft die foto's?" });
    expect(await visitor.next("msg")).toMatchObject({ text: "Wie heeft die foto's?" });
    expect(whispersIn(visitor)).toEqual([]);

    // The backlog of a reconnecting visitor holds messages only; the staff get the whispers again.
    visitor.close();
    const again = await connectVisitor(chat, 0);
    await again.next("msg");
    again.send({ type: "ping" });
    await again.next("pong");
    expect(whispersIn(again)).toEqual([]);
    const heldAgain = await connectCounsellor(counsellor.cookie, chat.conversationId, 0);
    await heldAgain.next("whisper");
    expect((await heldAgain.next("whisper")).text).toBe("WHISPER doe ik, dank je");
  });

  it("is refused from the visitor with a typed error, and nothing reaches the staff", async () => {
    const { visitor, held, observer } = await coachedChat();
    visitor.send({ type: "whisper", text: "WHISPER van de bezoeker" });
    expect(await visitor.next("error")).toMatchObject({ code: "staff_only" });
    // Frames on one socket arrive in order: the visitor's next message reaching the staff proves the whisper did not.
    visitor.send({ type: "send", cid: "v", text: "hallo" });
    await held.next("msg");
    await observer.next("msg");
    expect(whispersIn(held)).toEqual([]);
    expect(whispersIn(observer)).toEqual([]);
  });

  it("refuses a malformed or oversize whisper with a typed error", async () => {
    const { held, observer } = await coachedChat();
    held.send({ type: "whisper", text: "   " });
    expect((await held.next("error")).code).toBe("bad_frame");
    observer.send({ type: "whisper", text: "x".repeat(LIMITS.noteChars + 1) });
    expect((await observer.next("error")).code).toBe("too_large");
    observer.send({ type: "whisper", text: "ok", extra: 1 });
    expect((await observer.next("error")).code).toBe("bad_frame");
    expect(whispersIn(held)).toEqual([]);
  });

  it("is erased with the chat when it ends", async () => {
    const { chat, held, observer } = await coachedChat();
    observer.send({ type: "whisper", text: "WHISPER rond af" });
    await held.next("whisper");
    held.send({ type: "end" });
    await held.closedWith();
    await expect.poll(() => tablesOf(chat.conversationId)).toEqual([]);
  });

  it("is erased when a kept chat is parked, while the transcript the visitor kept stays", async () => {
    const { chat, visitor, held, observer } = await coachedChat(true);
    visitor.send({ type: "send", cid: "v", text: "bewaar dit" });
    await held.next("msg");
    observer.send({ type: "whisper", text: "WHISPER let op je tijd" });
    await held.next("whisper");
    held.send({ type: "whisper", text: "WHISPER ok" });
    await observer.next("whisper");
    visitor.send({ type: "end" });
    await held.closedWith();
    const stored = await dump(env.CONVERSATION.getByName(chat.conversationId));
    expect(stored).toContain("bewaar dit");
    expect(stored).not.toContain("WHISPER");
    const notes = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n,
    );
    expect(notes).toBe(0);
  });

  it("is refused once the chat has ended, so none outlives a parked chat", async () => {
    const { chat, held, observer } = await coachedChat(true);
    // The moment between the chat being parked and its sockets closing, held open.
    await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET status = 'ended'");
    });
    observer.send({ type: "whisper", text: "WHISPER te laat" });
    expect((await observer.next("error")).code).toBe("chat_ended");
    held.send({ type: "whisper", text: "WHISPER ook te laat" });
    expect((await held.next("error")).code).toBe("chat_ended");
    expect(await dump(env.CONVERSATION.getByName(chat.conversationId))).not.toContain("WHISPER");
  });
});
