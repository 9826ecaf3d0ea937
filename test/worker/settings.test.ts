import { describe, expect, it } from "vitest";
import type { DeskSnapshot } from "../../schema/desk";
import { DEFAULT_SETTINGS, type HelplineSettings } from "../../schema/helpline";
import { accept, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { deskWhere, openConsole, staffer } from "./staff-helpers";

function putSettings(body: unknown, cookie: string) {
  return request("/api/admin/helpline", { method: "PUT", cookie, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("helpline settings (admin)", () => {
  // First in the file, so its desk holds only the chats and consoles this test makes.
  it("offers the next chat to the least-loaded available counsellor when turned on", async () => {
    const admin = await loginAdmin();
    const busy = await staffer("counsellor");
    const idle = await staffer("counsellor");
    const busyConsole = await openConsole(busy.cookie);
    const idleConsole = await openConsole(idle.cookie);
    const held = await startChat();
    expect((await accept(busy.cookie, held.conversationId)).status).toBe(204);
    expect((await putSettings({ ...DEFAULT_SETTINGS, offerNext: true }, admin)).status).toBe(204);
    const chat = await startChat();
    const only = (d: DeskSnapshot) => d.queue.length === 1 && d.queue[0]?.conversationId === chat.conversationId;
    expect((await deskWhere(idleConsole, only)).queue[0]?.offered).toBe(true);
    expect((await deskWhere(busyConsole, only)).queue[0]?.offered).toBe(false);

    // Away counsellors are not offered anything; the busy one is now the only candidate.
    await postJson("/api/console/status", { status: "away", capacity: 3 }, { cookie: idle.cookie });
    await deskWhere(busyConsole, (d) => only(d) && d.queue[0]?.offered === true);

    await putSettings(DEFAULT_SETTINGS, admin);
    await deskWhere(busyConsole, (d) => only(d) && d.queue[0]?.offered === false);
    await request(`/api/console/chats/${chat.conversationId}/accept`, { method: "POST", cookie: busy.cookie });
  });

  it("makes new risk words count and old ones stop counting", async () => {
    const admin = await loginAdmin();
    const settings: HelplineSettings = { ...DEFAULT_SETTINGS, riskWords: { nl: ["mensenhandel"], en: ["passport taken"] } };
    expect((await putSettings(settings, admin)).status).toBe(204);
    expect(await (await request("/api/admin/helpline", { cookie: admin })).json()).toEqual(settings);

    const counsellor = await staffer("counsellor");
    const console = await openConsole(counsellor.cookie);
    const old = await startChat();
    const fresh = await startChat();
    const oldVisitor = await connectVisitor(old);
    oldVisitor.send({ type: "send", cid: "1", text: "mijn loverboy" });
    await oldVisitor.next("ack");
    const freshVisitor = await connectVisitor(fresh);
    freshVisitor.send({ type: "send", cid: "1", text: "They had my PASSPORT taken away" });
    await freshVisitor.next("ack");
    const desk = await deskWhere(console, (d) => d.queue.some((q) => q.riskWord));
    expect(desk.queue.filter((q) => q.riskWord).map((q) => q.conversationId)).toEqual([fresh.conversationId]);
    await putSettings(DEFAULT_SETTINGS, admin);
  });

  it("serves canned replies to chat staff", async () => {
    const admin = await loginAdmin();
    const cannedReplies = [{ title: "Bye", text: { nl: "Doei", en: "Bye" } }];
    expect((await putSettings({ ...DEFAULT_SETTINGS, cannedReplies }, admin)).status).toBe(204);
    const counsellor = await staffer("counsellor");
    expect(await (await request("/api/console/canned", { cookie: counsellor.cookie })).json()).toEqual(cannedReplies);
    await putSettings(DEFAULT_SETTINGS, admin);
  });

  it("refuses malformed and oversized settings", async () => {
    const admin = await loginAdmin();
    expect((await putSettings({ ...DEFAULT_SETTINGS, retentionDays: 0 }, admin)).status).toBe(400);
    // The dashboard's small-count threshold may be raised, never lowered below 5.
    expect((await putSettings({ ...DEFAULT_SETTINGS, smallCountThreshold: 4 }, admin)).status).toBe(400);
    expect((await putSettings({ ...DEFAULT_SETTINGS, smallCountThreshold: 5.5 }, admin)).status).toBe(400);
    // 7 would let a shown "5" stand for 7 alone: only multiples of 5, like the rounding.
    expect((await putSettings({ ...DEFAULT_SETTINGS, smallCountThreshold: 7 }, admin)).status).toBe(400);
    expect((await putSettings({ ...DEFAULT_SETTINGS, smallCountThreshold: 10 }, admin)).status).toBe(204);
    expect((await putSettings({ ...DEFAULT_SETTINGS, riskWords: { nl: ["x".repeat(81)], en: [] } }, admin)).status).toBe(400);
    expect((await putSettings({ name: "x" }, admin)).status).toBe(400);
    const huge = { ...DEFAULT_SETTINGS, riskWords: { nl: Array(4000).fill("x".repeat(80)), en: [] } };
    expect((await putSettings(huge, admin)).status).toBe(413);
  });

});
