/**
 * The visitor's silent "someone is watching" signal: a typed frame only the visitor may send, shown at
 * once to the counsellor (and to a reconnecting console), lifted for the consoles only once it stood
 * its hold, counted in Stats once per chat, kept as the chat's own state only while it holds.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WATCHED_HOLD_MS } from "../../worker/watched-signal";
import { TestSocket, accept, connectCounsellor, connectVisitor, openChat } from "./helpers";
import { keepChat } from "./keep";
import { statTotal } from "./safeguarding-helpers";
import { staffer } from "./staff-helpers";

async function answeredChat() {
  const chat = await openChat();
  const counsellor = await staffer("counsellor", "Anna");
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const visitor = await connectVisitor(chat);
  const console = await connectCounsellor(counsellor.cookie, chat.conversationId);
  return { chat, counsellor, visitor, console };
}

const watchedAt = (conversationId: string) =>
  runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ watched_at: number | null }>("SELECT watched_at FROM meta").one().watched_at,
  );

/** The signal was raised a hold ago: what the clock would say had the chat gone on that long. */
const holdPassed = (conversationId: string) =>
  runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => {
    state.storage.sql.exec("UPDATE meta SET watched_at = watched_at - ?", WATCHED_HOLD_MS);
  });

/** Frames sent before these were handled before them: a message, and a typing event it lets through the throttle, as a marker. */
async function settled(visitor: TestSocket, console: TestSocket): Promise<void> {
  visitor.send({ type: "send", cid: crypto.randomUUID(), text: "." });
  visitor.send({ type: "typing" });
  await console.next("typing");
}

describe("the watched signal", () => {
  it("reaches the counsellor at once, holds for a reconnecting console, is counted once, and can be lifted", async () => {
    const { chat, counsellor, visitor, console } = await answeredChat();
    const before = await statTotal("watched_signal");

    visitor.send({ type: "watched", on: true });
    const signal = await console.next("watched");
    expect(signal.on).toBe(true);
    expect(signal.at).toEqual(expect.any(Number));
    expect((await visitor.next("watched")).on).toBe(true);
    expect(await watchedAt(chat.conversationId)).toBe(signal.at);
    expect(await statTotal("watched_signal")).toBe(before + 1);

    // Said again: not news, not counted again.
    visitor.send({ type: "watched", on: true });
    visitor.send({ type: "typing" });
    await expect.poll(() => console.all("typing").length).toBe(1);
    expect(console.all("watched")).toHaveLength(1);
    expect(await statTotal("watched_signal")).toBe(before + 1);

    // A console that opens the chat later sees it right after welcome.
    const again = await connectCounsellor(counsellor.cookie, chat.conversationId);
    expect(await again.next("watched")).toEqual(signal);

    await holdPassed(chat.conversationId);
    visitor.send({ type: "watched", on: false });
    expect(await console.next("watched")).toEqual({ type: "watched", on: false, at: null });
    expect(await watchedAt(chat.conversationId)).toBeNull();
    for (const s of [visitor, console, again]) s.close();
  });

  it("switched on and off a hundred times alerts the counsellor once, lifts after its hold, and is counted once", async () => {
    const { chat, counsellor, visitor, console } = await answeredChat();
    const before = await statTotal("watched_signal");
    for (let i = 0; i < 100; i++) {
      visitor.send({ type: "watched", on: true });
      visitor.send({ type: "watched", on: false });
    }
    await settled(visitor, console);
    expect(console.all("watched").map((f) => f.on)).toEqual([true]);
    await console.next("watched");
    expect(await statTotal("watched_signal")).toBe(before + 1);

    // The lift is held: a console opening now still sees the signal; the visitor's own page its lift.
    const raisedAt = await watchedAt(chat.conversationId);
    expect(raisedAt).toEqual(expect.any(Number));
    const again = await connectCounsellor(counsellor.cookie, chat.conversationId);
    expect((await again.next("watched")).on).toBe(true);
    const page = await connectVisitor(chat);
    await settled(page, again);
    expect(page.all("watched")).toEqual([]);
    // The chat's one alarm comes no later than the hold's end.
    const alarm = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm ?? Infinity).toBeLessThanOrEqual((raisedAt ?? 0) + WATCHED_HOLD_MS);

    // An alarm before the hold's end lifts nothing; once it ended, the alarm tells every console.
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect(console.all("watched")).toHaveLength(1);
    await holdPassed(chat.conversationId);
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    expect(await console.next("watched")).toEqual({ type: "watched", on: false, at: null });
    expect(await again.next("watched")).toEqual({ type: "watched", on: false, at: null });
    expect(await watchedAt(chat.conversationId)).toBeNull();

    // Raised again after the hold: a new alert, and still the chat's one signal in Stats.
    visitor.send({ type: "watched", on: true });
    expect((await console.next("watched")).on).toBe(true);
    expect(await statTotal("watched_signal")).toBe(before + 1);
    for (const s of [visitor, console, again, page]) s.close();
  });

  it("raised again during the hold takes the lift back: the consoles never see it lifted", async () => {
    const { chat, visitor, console } = await answeredChat();
    visitor.send({ type: "watched", on: true });
    await console.next("watched");
    visitor.send({ type: "watched", on: false });
    visitor.send({ type: "watched", on: true });
    await settled(visitor, console);
    await holdPassed(chat.conversationId);
    await runDurableObjectAlarm(env.CONVERSATION.getByName(chat.conversationId));
    await settled(visitor, console);
    expect(console.all("watched").map((f) => f.on)).toEqual([true]);
    expect(await watchedAt(chat.conversationId)).toEqual(expect.any(Number));
    for (const s of [visitor, console]) s.close();
  });

  it("is refused when malformed, and from anyone but the visitor", async () => {
    const { chat, visitor, console } = await answeredChat();
    for (const bad of [{ type: "watched" }, { type: "watched", on: "yes" }, { type: "watched", on: true, why: "x" }]) {
      visitor.send(bad);
      expect((await visitor.next("error")).code).toBe("bad_frame");
    }
    console.send({ type: "watched", on: true });
    expect((await console.next("error")).code).toBe("bad_frame");

    const supervisor = await staffer("supervisor");
    const observer = await TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: supervisor.cookie });
    observer.send({ type: "hello", since: 0 });
    await observer.next("welcome");
    observer.send({ type: "watched", on: true });
    expect((await observer.next("error")).code).toBe("read_only");

    expect(console.all("watched")).toHaveLength(0);
    expect(await watchedAt(chat.conversationId)).toBeNull();
    for (const s of [visitor, console, observer]) s.close();
  });

  it("goes with the chat: nothing of it is left once the chat ends", async () => {
    const { chat, visitor, console } = await answeredChat();
    visitor.send({ type: "watched", on: true });
    await console.next("watched");
    visitor.send({ type: "end" });
    await console.next("ended");
    const tables = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("is let go of when a kept chat ends, though its transcript stays", async () => {
    const { chat, visitor, console } = await answeredChat();
    await keepChat(chat);
    visitor.send({ type: "watched", on: true });
    await console.next("watched");
    visitor.send({ type: "end" });
    await console.next("ended");
    const meta = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) =>
      state.storage.sql.exec("SELECT status, watched_at, watched_lifted, watched_counted, supporter_id, supporter_name FROM meta").one(),
    );
    expect(meta).toEqual({ status: "ended", watched_at: null, watched_lifted: 0, watched_counted: 0, supporter_id: null, supporter_name: null });
  });
});
