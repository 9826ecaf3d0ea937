import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { OUTREACH_OBJECT } from "../../worker/outreach";
import type { StartChatResponse } from "../../schema/http";
import type { CreatedInvite, Invite } from "../../schema/outreach";
import { accept, arrive, loginAdmin, postJson, request, startChat, startFrom } from "./helpers";
import { deskWhere, lastDesk, openConsole, staffer } from "./staff-helpers";

/** The sum of one counter for one channel in the default helpline's Stats. */
async function counted(metric: string, channel: string): Promise<number> {
  return runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_o, state) =>
    state.storage.sql.exec<{ n: number | null }>("SELECT sum(count) AS n FROM counters WHERE metric = ? AND dimension = ?", metric, channel).one().n ?? 0,
  );
}

async function makeInvite(cookie: string, body: object): Promise<CreatedInvite> {
  const res = await postJson("/api/outreach/invites", body, { cookie });
  expect(res.status).toBe(201);
  return res.json<CreatedInvite>();
}

const codeOf = (created: CreatedInvite) => created.path.slice("/i/".length);
const outreach = () => env.OUTREACH.getByName(OUTREACH_OBJECT);

describe("outreach invitation links", () => {
  it("makes a short link that says nothing about the helpline, stored only as a hash", async () => {
    const cookie = await loginAdmin();
    const created = await makeInvite(cookie, { channel: "Snapchat" });
    expect(created.path).toMatch(/^\/i\/[A-Za-z0-9_-]{16}$/);
    expect(created.invite).toMatchObject({ channel: "snapchat", maxUses: 1, uses: 0, revoked: false });
    const stored = await runInDurableObject(outreach(), (_o, state) =>
      state.storage.sql.exec("SELECT * FROM invites").toArray(),
    );
    expect(JSON.stringify(stored)).not.toContain(codeOf(created));

    const landing = await request(created.path);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('<div id="app">');
  });

  it("tells the landing page whether a link works", async () => {
    const cookie = await loginAdmin();
    const created = await makeInvite(cookie, { channel: "school", maxUses: null });
    expect((await request(`/api/invites/${codeOf(created)}`)).status).toBe(200);
    expect((await request(`/api/invites/${"x".repeat(16)}`)).status).toBe(404);
    expect((await request("/api/invites/short")).status).toBe(404);
  });

  it("counts an opening once per report from the page, not per check, at most ten per network in ten minutes", async () => {
    const cookie = await loginAdmin();
    const channel = `opened-${crypto.randomUUID().slice(0, 8)}`;
    const created = await makeInvite(cookie, { channel, maxUses: null });
    const opened = () => counted("invite_opened", channel);
    const report = (network: string, origin?: string | null) =>
      request(`/api/invites/${codeOf(created)}/opened`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": network },
        body: "{}",
        ...(origin === undefined ? {} : { origin }),
      });

    // Asking whether the link works counts nothing, however often.
    for (let i = 0; i < 3; i++) expect((await request(`/api/invites/${codeOf(created)}`)).status).toBe(200);
    expect(await opened()).toBe(0);

    const school = "2001:db8:5c:1::1";
    for (let i = 0; i < 10; i++) expect((await report(school)).status).toBe(204);
    expect(await opened()).toBe(10);
    // The eleventh from that network (another address in its /64) is refused and not counted; another network still counts.
    expect((await report("2001:db8:5c:1::2")).status).toBe(429);
    expect(await opened()).toBe(10);
    expect((await report("2001:db8:5c:2::1")).status).toBe(204);
    expect(await opened()).toBe(11);

    // Another site cannot count for the page; a dead link counts nothing.
    expect((await report("2001:db8:5c:3::1", "https://evil.example")).status).toBe(403);
    expect((await request(`/api/invites/${"x".repeat(16)}/opened`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "2001:db8:5c:4::1" }, body: "{}" })).status).toBe(404);
    expect(await opened()).toBe(11);
  });

  it("stops a single-use link after one chat, and any link once revoked", async () => {
    const cookie = await loginAdmin();
    const single = await makeInvite(cookie, { channel: "advert-site", maxUses: 1 });
    expect(await outreach().redeem(codeOf(single))).toMatchObject({ channel: "advert-site" });
    expect(await outreach().redeem(codeOf(single))).toBeNull();

    const multi = await makeInvite(cookie, { channel: "instagram", maxUses: null });
    expect(await outreach().redeem(codeOf(multi))).not.toBeNull();
    const revoke = await postJson(`/api/outreach/invites/${multi.invite.id}/revoke`, {}, { cookie });
    expect(revoke.status).toBe(204);
    expect(await outreach().redeem(codeOf(multi))).toBeNull();
    expect((await request(`/api/invites/${codeOf(multi)}`)).status).toBe(404);
  });

  it("forgets an expired link entirely, including who made it", async () => {
    const cookie = await loginAdmin();
    const created = await makeInvite(cookie, { channel: "snapchat", expiresInHours: 1 });
    await runInDurableObject(outreach(), (_o, state) => {
      state.storage.sql.exec("UPDATE invites SET expires_at = ? WHERE id = ?", Date.now() - 1, created.invite.id);
    });
    expect(await outreach().redeem(codeOf(created))).toBeNull();
    await runDurableObjectAlarm(outreach());
    const left = await runInDurableObject(outreach(), (_o, state) =>
      state.storage.sql.exec("SELECT id FROM invites WHERE id = ?", created.invite.id).toArray(),
    );
    expect(left).toEqual([]);
  });

  it("refuses bad bodies and anonymous callers", async () => {
    const cookie = await loginAdmin();
    expect((await postJson("/api/outreach/invites", { channel: "" }, { cookie })).status).toBe(400);
    expect((await postJson("/api/outreach/invites", { channel: "x", expiresInHours: 0 }, { cookie })).status).toBe(400);
    expect((await postJson("/api/outreach/invites", { channel: "<script>" }, { cookie })).status).toBe(400);
    expect((await postJson("/api/outreach/invites", { channel: "snapchat" })).status).toBe(401);
    expect((await request("/api/outreach/invites")).status).toBe(401);
  });

  it("lists the links with their use counts", async () => {
    const cookie = await loginAdmin();
    const created = await makeInvite(cookie, { channel: "list-test", maxUses: 3 });
    await outreach().redeem(codeOf(created));
    const res = await request("/api/outreach/invites", { cookie });
    const { invites } = await res.json<{ invites: Invite[] }>();
    expect(invites.find((i) => i.id === created.invite.id)).toMatchObject({ uses: 1, maxUses: 3 });
  });
});

describe("a chat started through an outreach link", () => {
  async function counters(metric: string): Promise<Record<string, number>> {
    const rows = await runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_o, state) =>
      state.storage.sql
        .exec<{ dimension: string; n: number }>("SELECT dimension, sum(count) AS n FROM counters WHERE metric = ? GROUP BY dimension", metric)
        .toArray(),
    );
    return Object.fromEntries(rows.map((r) => [r.dimension, r.n]));
  }

  it("waits in the outreach team's queue, is offered to the sender first, and is counted per channel", async () => {
    const sender = await staffer("outreach", "Outreach Olga");
    const counsellor = await staffer("counsellor");
    const created = await makeInvite(sender.cookie, { channel: "instagram" });
    const senderConsole = await openConsole(sender.cookie);
    const counsellorConsole = await openConsole(counsellor.cookie);

    const res = await startFrom(undefined, { inDanger: false, invite: codeOf(created) });
    expect(res.status).toBe(201);
    const chat = await res.json<StartChatResponse>();
    await arrive(chat);

    const seen = await deskWhere(senderConsole, (d) => d.queue.some((q) => q.conversationId === chat.conversationId));
    expect(seen.queue.find((q) => q.conversationId === chat.conversationId)).toMatchObject({ channel: "instagram", offered: true });
    expect(JSON.stringify(seen)).not.toContain("invitedBy");
    expect(lastDesk(counsellorConsole).queue.some((q) => q.conversationId === chat.conversationId)).toBe(false);

    expect((await accept(counsellor.cookie, chat.conversationId)).status).toBe(403);
    expect((await accept(sender.cookie, chat.conversationId)).status).toBe(204);
    expect(await counters("invite_chat_started")).toMatchObject({ instagram: 1 });
    expect(await counters("invite_chat_answered")).toMatchObject({ instagram: 1 });
  });

  it("is handed over only within the outreach team", async () => {
    const sender = await staffer("outreach");
    const colleague = await staffer("outreach");
    const counsellor = await staffer("counsellor");
    // Colleagues must have a console open to take a hand-over.
    await openConsole(colleague.cookie);
    await openConsole(counsellor.cookie);
    const res = await startFrom(undefined, { inDanger: false, invite: codeOf(await makeInvite(sender.cookie, { channel: "tiktok" })) });
    const chat = await res.json<StartChatResponse>();
    await arrive(chat);
    expect((await accept(sender.cookie, chat.conversationId)).status).toBe(204);

    const transfer = (to: string, cookie: string) => postJson(`/api/console/chats/${chat.conversationId}/transfer`, { to, note: "" }, { cookie });
    const refused = await transfer(counsellor.id, sender.cookie);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: "conflict", message: expect.stringMatching(/outreach team/) });
    expect(await env.DESK.getByName(DEFAULT_HELPLINE).holder(chat.conversationId)).toBe(sender.id);
    expect((await transfer(colleague.id, sender.cookie)).status).toBe(204);
    expect(await env.DESK.getByName(DEFAULT_HELPLINE).holder(chat.conversationId)).toBe(colleague.id);
  });

  it("refuses a used-up link with a clear error and starts no chat", async () => {
    const cookie = await loginAdmin();
    const created = await makeInvite(cookie, { channel: "snapchat", maxUses: 1 });
    expect((await startFrom(undefined, { invite: codeOf(created) })).status).toBe(201);
    const again = await startFrom(undefined, { invite: codeOf(created) });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: "not_found" });
    expect((await startFrom(undefined, { invite: "not a code" })).status).toBe(400);
  });

  it("counts a visitor's queue place among outreach chats only", async () => {
    const cookie = await loginAdmin();
    await startChat();
    const created = await makeInvite(cookie, { channel: "school", maxUses: null });
    const chat = await (await startFrom(undefined, { invite: codeOf(created) })).json<StartChatResponse>();
    await arrive(chat);
    const waiting = await runInDurableObject(env.DESK.getByName(DEFAULT_HELPLINE), (_o, state) =>
      state.storage.sql
        .exec<{ outreach: number; general: number }>(
          "SELECT count(channel) AS outreach, count(*) - count(channel) AS general FROM chats WHERE state = 'waiting'",
        )
        .one(),
    );
    expect(waiting.general).toBeGreaterThan(0);
    // The newest outreach chat is last among the outreach chats, whatever waits in the general queue.
    expect(await env.DESK.getByName(DEFAULT_HELPLINE).position(chat.conversationId)).toMatchObject({ position: waiting.outreach });
  });
});
