import { describe, expect, it } from "vitest";
import { CloseCode } from "../../schema/protocol";
import { accept, connectCounsellor, connectVisitor, loginAdmin, postJson, startChat } from "./helpers";
import { staffer } from "./staff-helpers";

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
