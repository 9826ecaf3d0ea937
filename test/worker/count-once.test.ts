/**
 * The dashboard's linked counts (worker/linked.ts) rely on "answered + abandoned ≤ offered" and
 * "categorised ≤ answered" in the true counts. These try to break them through the ways a chat can be
 * taken or leave more than once, and check the counts Stats keeps.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { StartChatResponse } from "../../schema/http";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { accept, loginAdmin, postJson, startChat } from "./helpers";
import { type Staffer, staffer } from "./staff-helpers";

type Counts = { offered: number; answered: number; abandoned: number; topics: number; outcomes: number; waits: number; durations: number };

async function counts(): Promise<Counts> {
  const rows = await runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ metric: string; n: number }>("SELECT metric, sum(count) AS n FROM counters GROUP BY metric").toArray(),
  );
  const of = (metric: string) => rows.find((r) => r.metric === metric)?.n ?? 0;
  return {
    offered: of("chat_offered"),
    answered: of("chat_answered"),
    abandoned: of("chat_abandoned_waiting"),
    topics: of("topic"),
    outcomes: of("outcome"),
    waits: of("wait_seconds"),
    durations: of("chat_seconds"),
  };
}

/** What changed in the counts since `before`, with the bounds the report relies on checked on the change. */
async function changeSince(before: Counts): Promise<Counts> {
  const after = await counts();
  const change = Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k as keyof Counts]])) as Counts;
  expect(change.answered + change.abandoned).toBeLessThanOrEqual(change.offered);
  expect(change.topics).toBeLessThanOrEqual(change.answered);
  expect(change.outcomes).toBe(change.topics);
  expect(change.waits).toBe(change.answered);
  return change;
}

const end = (who: Staffer, chat: StartChatResponse) =>
  postJson(`/api/console/chats/${chat.conversationId}/end`, { topic: "other", outcome: "information_given" }, { cookie: who.cookie });

/** The account is disabled, and the chat it held is back in the queue. */
async function disable(who: Staffer, chat: StartChatResponse): Promise<void> {
  const admin = await loginAdmin();
  expect((await postJson(`/api/admin/accounts/${who.id}/disable`, {}, { cookie: admin })).status).toBe(204);
  const holder = await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ state: string }>("SELECT state FROM chats WHERE conversation_id = ?", chat.conversationId).one(),
  );
  expect(holder.state).toBe("waiting");
}

describe("each chat is counted answered at most once per offer", () => {
  it("when its counsellor is disabled and a colleague takes it again", async () => {
    const first = await staffer("counsellor");
    const second = await staffer("counsellor");
    const before = await counts();
    const chat = await startChat();
    expect((await accept(first.cookie, chat.conversationId)).status).toBe(204);
    await disable(first, chat);
    expect((await accept(second.cookie, chat.conversationId)).status).toBe(204);
    expect((await end(second, chat)).status).toBe(204);
    expect(await changeSince(before)).toMatchObject({ offered: 1, answered: 1, abandoned: 0, topics: 1, durations: 1 });
  });

  it("and not also abandoned when it ends waiting after it was answered", async () => {
    const first = await staffer("counsellor");
    const before = await counts();
    const chat = await startChat();
    expect((await accept(first.cookie, chat.conversationId)).status).toBe(204);
    await disable(first, chat);
    expect((await postJson(`/api/chats/${chat.conversationId}/exit`, { token: chat.token })).status).toBe(204);
    expect(await changeSince(before)).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
  });

  it("when two counsellors take it at once", async () => {
    const [one, two] = [await staffer("counsellor"), await staffer("counsellor")];
    const before = await counts();
    const chat = await startChat();
    const statuses = await Promise.all([accept(one.cookie, chat.conversationId), accept(two.cookie, chat.conversationId)]).then((r) => r.map((x) => x.status));
    expect(statuses.sort()).toEqual([204, 409]);
    expect(await changeSince(before)).toMatchObject({ offered: 1, answered: 1 });
  });

  it("and again after a kept chat is resumed: each stay in the queue is an offer of its own", async () => {
    const counsellor = await staffer("counsellor");
    const before = await counts();
    const chat = await startChat();
    const kept = await postJson(`/api/chats/${chat.conversationId}/keep`, { token: chat.token, version: CONSENT_TEXT_VERSION });
    expect(kept.status).toBe(201);
    const { code } = await kept.json<{ code: string }>();
    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    expect((await end(counsellor, chat)).status).toBe(204);
    const resumed = await postJson("/api/resume", { code, language: "nl" });
    expect(resumed.status).toBe(200);
    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    expect(await changeSince(before)).toMatchObject({ offered: 2, answered: 2, topics: 1 });
  });
});

describe("a chat whose offer Stats never counted (Stats could not be reached)", () => {
  it("is not counted answered, ended or categorised, and its counsellor still settles its categorisation", async () => {
    const counsellor = await staffer("counsellor");
    const chat = await startChat();
    await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_obj, state) => {
      state.storage.sql.exec("UPDATE chats SET counted = 'none' WHERE conversation_id = ?", chat.conversationId);
    });
    const before = await counts();
    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
    expect((await end(counsellor, chat)).status).toBe(204);
    expect(await changeSince(before)).toMatchObject({ answered: 0, durations: 0, topics: 0, outcomes: 0 });
    // Settled: a second categorisation finds nothing owed.
    expect((await end(counsellor, chat)).status).toBe(409);
  });
});
