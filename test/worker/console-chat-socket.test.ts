/**
 * A counsellor's chat socket opens only for the chat they hold at a helpline they work for: checked by
 * the Worker before the upgrade, so a colleague's socket, or one of another helpline, never reaches the
 * chat's sockets, even to be closed at hello.
 */
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../schema/http";
import { accept, connectCounsellor, loginAdmin, openChat, request } from "./helpers";
import { staffer } from "./staff-helpers";

async function upgrade(conversationId: string, cookie: string): Promise<{ status: number; socket: boolean; error: string | null }> {
  const res = await request(`/ws/console/chat/${conversationId}`, { cookie, headers: { upgrade: "websocket" } });
  const socket = res.webSocket !== null;
  res.webSocket?.accept();
  res.webSocket?.close();
  return { status: res.status, socket, error: socket ? null : (await res.json<ApiError>()).error };
}

describe("the console's chat socket", () => {
  it("refuses a counsellor of another helpline before the upgrade, as if the chat did not exist", async () => {
    await loginAdmin();
    const holder = await staffer("counsellor", "Eva");
    const west = await staffer("counsellor", "Wim", ["west"]);
    const chat = await openChat();
    expect((await accept(holder.cookie, chat.conversationId)).status).toBe(204);
    expect(await upgrade(chat.conversationId, west.cookie)).toEqual({ status: 404, socket: false, error: "not_found" });
  });

  it("refuses a colleague who does not hold the chat before the upgrade, waiting or held", async () => {
    await loginAdmin();
    const holder = await staffer("counsellor", "Eva");
    const colleague = await staffer("counsellor", "Ravi");
    const chat = await openChat();
    expect(await upgrade(chat.conversationId, colleague.cookie)).toEqual({ status: 403, socket: false, error: "forbidden" });
    expect((await accept(holder.cookie, chat.conversationId)).status).toBe(204);
    expect(await upgrade(chat.conversationId, colleague.cookie)).toEqual({ status: 403, socket: false, error: "forbidden" });
    // The holder's opens, and says hello.
    expect((await connectCounsellor(holder.cookie, chat.conversationId)).closed).toBeNull();
  });
});
