/**
 * A supervisor who joined an escalated chat writes beside its counsellor, but ending the chat and
 * proposing a warm handoff stay the holder's: the supervisor gets a typed error and nothing changes.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { TestSocket, accept, connectCounsellor, connectVisitor, openChat, postJson } from "./helpers";
import { auditRows } from "./safeguarding-helpers";
import { staffer } from "./staff-helpers";

async function joinedChat() {
  const chat = await openChat();
  const counsellor = await staffer("counsellor", "Anna");
  const supervisor = await staffer("supervisor", "Sanne");
  expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(204);
  const visitor = await connectVisitor(chat);
  const holder = await connectCounsellor(counsellor.cookie, chat.conversationId);
  const observer = await TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: supervisor.cookie });
  observer.send({ type: "hello", since: 0 });
  await observer.next("welcome");
  expect((await postJson(`/api/console/chats/${chat.conversationId}/escalate`, { reason: "immediate_danger" }, { cookie: counsellor.cookie })).status).toBe(204);
  expect((await postJson(`/api/console/chats/${chat.conversationId}/join`, {}, { cookie: supervisor.cookie })).status).toBe(204);
  expect((await observer.next("supporter")).you).toBe(true);
  return { chat, counsellor, supervisor, visitor, holder, observer };
}

const chatState = (conversationId: string) =>
  runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) => ({
    status: state.storage.sql.exec<{ status: string }>("SELECT status FROM meta").one().status,
    proposals: state.storage.sql.exec("SELECT * FROM handoff_proposal").toArray().length,
  }));

describe("a joined supervisor", () => {
  it("cannot end the chat: a typed error, and the chat goes on with its counsellor", async () => {
    const { chat, visitor, holder, observer } = await joinedChat();
    observer.send({ type: "end" });
    expect((await observer.next("error")).code).toBe("holder_only");

    // Still theirs to write in, and still open for everyone.
    observer.send({ type: "send", cid: "s1", text: "Ik lees mee." });
    expect((await visitor.next("msg")).name).toBe("Sanne");
    expect(await chatState(chat.conversationId)).toEqual({ status: "active", proposals: 0 });
    expect(await env.DESK.getByName(DEFAULT_HELPLINE).isOpen(chat.conversationId)).toBe(true);
    for (const s of [visitor, holder, observer]) expect(s.all("ended")).toEqual([]);

    // The holder still can.
    holder.send({ type: "end" });
    expect((await visitor.next("ended")).by).toBe("counsellor");
  });

  it("cannot propose a handoff, which would be recorded under the counsellor's name", async () => {
    const { chat, counsellor, supervisor, visitor, holder, observer } = await joinedChat();
    const auditBefore = (await auditRows()).length;
    observer.send({ type: "handoff_propose", partner: "csg", summary: "Wil hulp bij een melding." });
    expect((await observer.next("error")).code).toBe("holder_only");
    // A frame sent after it is answered after it, so nothing of the proposal can still be on its way.
    visitor.send({ type: "send", cid: "v1", text: "hallo" });
    await observer.next("msg");
    expect(visitor.all("handoff_proposal")).toEqual([]);
    expect(holder.all("handoff_proposal")).toEqual([]);
    expect(await chatState(chat.conversationId)).toEqual({ status: "active", proposals: 0 });
    const added = (await auditRows()).slice(auditBefore);
    expect(added.filter((r) => r.action === "handoff_proposed")).toEqual([]);

    // The holder's own proposal is theirs.
    holder.send({ type: "handoff_propose", partner: "csg", summary: "Wil hulp bij een melding." });
    await visitor.next("handoff_proposal");
    await expect.poll(async () => (await auditRows()).filter((r) => r.action === "handoff_proposed").map((r) => r.staff_id).slice(-1)).toEqual([counsellor.id]);
    expect((await auditRows()).some((r) => r.action === "handoff_proposed" && r.staff_id === supervisor.id)).toBe(false);
    for (const s of [visitor, holder, observer]) s.close();
  });
});
