import { describe, expect, it } from "vitest";
import type { CreatedInvite } from "../../schema/outreach";
import { CloseCode } from "../../schema/protocol";
import { accept, connectCounsellor, connectVisitor, loginAdmin, postJson, startChat } from "./helpers";
import { deskWhere, openConsole, staffer } from "./staff-helpers";

describe("a counsellor disabled mid-chat", () => {
  it("loses the chat, which waits for a colleague with its messages intact", async () => {
    const admin = await loginAdmin();
    const first = await staffer("counsellor", "Bo");
    const second = await staffer("counsellor", "Cas");
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    expect((await accept(first.cookie, chat.conversationId)).status).toBe(204);
    await visitor.next("joined");
    const firstSocket = await connectCounsellor(first.cookie, chat.conversationId);
    visitor.send({ type: "send", cid: "v1", text: "ben je er nog?" });
    await firstSocket.next("msg");

    expect((await postJson(`/api/admin/accounts/${first.id}/disable`, {}, { cookie: admin })).status).toBe(204);
    expect([CloseCode.unauthorized, CloseCode.forbidden]).toContain((await firstSocket.closedWith()).code);
    expect((await visitor.next("queue")).position).toBeGreaterThanOrEqual(1);

    expect((await accept(second.cookie, chat.conversationId)).status).toBe(204);
    expect(await visitor.next("joined")).toEqual({ type: "joined", counsellor: "Cas" });
    const secondSocket = await connectCounsellor(second.cookie, chat.conversationId);
    expect((await secondSocket.next("msg")).text).toBe("ben je er nog?");
  });
});

describe("chats going back to the queue", () => {
  it("keep their urgency (in danger, risk word) and their outreach routing", async () => {
    const admin = await loginAdmin();
    const victim = await staffer("outreach", "Dee");
    const sender = await staffer("outreach", "Eli");
    const plain = await staffer("counsellor", "Fay");
    const made = await postJson("/api/outreach/invites", { channel: "snapchat" }, { cookie: sender.cookie });
    expect(made.status).toBe(201);
    const invite = (await made.json<CreatedInvite>()).path.slice("/i/".length);

    const danger = await startChat({ inDanger: true });
    const risky = await startChat();
    const riskyVisitor = await connectVisitor(risky);
    const invited = await startChat({ invite });
    const plainConsole = await openConsole(plain.cookie);
    riskyVisitor.send({ type: "send", cid: "r1", text: "ik word bedreigd" });
    await deskWhere(plainConsole, (d) => d.queue.some((q) => q.conversationId === risky.conversationId && q.riskWord));
    for (const chat of [danger, risky, invited]) expect((await accept(victim.cookie, chat.conversationId)).status).toBe(204);
    const newer = await startChat();
    const senderConsole = await openConsole(sender.cookie);

    expect((await postJson(`/api/admin/accounts/${victim.id}/disable`, {}, { cookie: admin })).status).toBe(204);

    // Urgent chats are urgent again, and ahead of a chat that arrived after them.
    const desk = await deskWhere(plainConsole, (d) => d.queue.some((q) => q.conversationId === risky.conversationId));
    const ids = desk.queue.map((q) => q.conversationId);
    expect(desk.queue.find((q) => q.conversationId === danger.conversationId)?.inDanger).toBe(true);
    expect(desk.queue.find((q) => q.conversationId === risky.conversationId)?.riskWord).toBe(true);
    expect(ids.indexOf(danger.conversationId)).toBeLessThan(ids.indexOf(newer.conversationId));
    expect(ids.indexOf(risky.conversationId)).toBeLessThan(ids.indexOf(newer.conversationId));
    // The outreach chat waits in the outreach team's queue again, offered first to who sent the link.
    expect(ids).not.toContain(invited.conversationId);
    expect((await accept(plain.cookie, invited.conversationId)).status).toBe(403);
    const own = await deskWhere(senderConsole, (d) => d.queue.some((q) => q.conversationId === invited.conversationId));
    expect(own.queue.find((q) => q.conversationId === invited.conversationId)).toMatchObject({ channel: "snapchat", offered: true });
  });
});
