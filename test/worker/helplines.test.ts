/**
 * Two helplines side by side in one deployment (vitest.config.ts configures "baken" and "west", the
 * second also on the host west.test): each with its own address, queue, staff, hours, settings and
 * counts, and nobody reaching the other's.
 */
import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Account, AuditEntry } from "../../schema/admin";
import { DEFAULT_SETTINGS, type HelplineInfo, type HelplineSettings } from "../../schema/helpline";
import type { SessionInfo, StartChatResponse } from "../../schema/http";
import { saveSettings } from "../../worker/settings-cache";
import { TestSocket, accept, arrive, loginAdmin, postChat, postJson, request } from "./helpers";
import { deskWhere, openConsole, staffer } from "./staff-helpers";

async function helplineAt(path: string): Promise<Response> {
  return request(path, { origin: null });
}

async function start(helpline: string): Promise<StartChatResponse> {
  const res = await postChat({}, `/api/chats?helpline=${helpline}`);
  expect(res.status).toBe(201);
  const chat = await res.json<StartChatResponse>();
  await arrive(chat);
  return chat;
}

async function offered(helpline: string): Promise<number> {
  return runInDurableObject(env.STATS.getByName(helpline), (_o, state) =>
    state.storage.sql
      .exec<{ n: number }>("SELECT coalesce(sum(count), 0) AS n FROM counters WHERE metric = 'chat_offered'")
      .one().n,
  );
}

describe("two helplines in one deployment", () => {
  it("each has its own address: by path, by ?helpline= and by host; an unknown one is a 404", async () => {
    expect(await (await helplineAt("/api/helpline")).json<HelplineInfo>()).toMatchObject({ id: "baken", name: "Baken" });
    expect(await (await helplineAt("/api/helpline?helpline=west")).json<HelplineInfo>()).toMatchObject({
      id: "west",
      name: "Hulplijn West",
      theme: { accent: "#6b2c91", logo: null },
    });
    const byHost = await exports.default.fetch(new Request("https://west.test/api/helpline"));
    expect((await byHost.json<HelplineInfo>()).id).toBe("west");
    expect((await helplineAt("/api/helpline?helpline=nope")).status).toBe(404);
    expect(await (await helplineAt("/h/west")).text()).toContain('<div id="app">');
    expect((await helplineAt("/h/nope")).status).toBe(404);
    expect((await postChat({}, "/api/chats?helpline=nope")).status).toBe(404);
  });

  it("keeps separate queues: a chat waits only at its own helpline's desk, for its own staff", async () => {
    const bakenOnly = await staffer("counsellor", "Bo", ["baken"]);
    const westOnly = await staffer("counsellor", "Wes", ["west"]);
    const both = await staffer("supervisor", "Bea", ["baken", "west"]);
    const chat = await start("west");

    const westConsole = await openConsole(westOnly.cookie);
    await deskWhere(westConsole, (d) => d.queue.some((q) => q.conversationId === chat.conversationId));
    const bakenConsole = await openConsole(bakenOnly.cookie);
    await deskWhere(bakenConsole, (d) => d.me.status === "available");
    expect(bakenConsole.frames.some((f) => JSON.stringify(f).includes(chat.conversationId))).toBe(false);
    const bothAtWest = await openConsole(both.cookie, "/ws/console?helpline=west");
    await deskWhere(bothAtWest, (d) => d.queue.some((q) => q.conversationId === chat.conversationId));

    // Not a member: refused at the other helpline's desk, its queue and its chats.
    await expect(TestSocket.open("/ws/console?helpline=west", { cookie: bakenOnly.cookie })).rejects.toThrow(/403/);
    expect((await postJson(`/api/console/chats/${chat.conversationId}/accept?helpline=west`, {}, { cookie: bakenOnly.cookie })).status).toBe(403);
    // At their own desk the chat simply is not waiting.
    expect((await accept(bakenOnly.cookie, chat.conversationId)).status).toBe(409);
    expect((await postJson(`/api/console/chats/${chat.conversationId}/accept?helpline=west`, {}, { cookie: westOnly.cookie })).status).toBe(204);
    await expect(TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: (await staffer("supervisor", "Sid", ["baken"])).cookie })).rejects.toThrow(/404/);
    for (const s of [westConsole, bakenConsole, bothAtWest]) s.close();
  });

  it("keeps separate hours and settings: closing one leaves the other open", async () => {
    const admin = await loginAdmin();
    const closed: HelplineSettings = { ...DEFAULT_SETTINGS, name: "Hulplijn West", openingHours: [] };
    const put = await request("/api/admin/helpline?helpline=west", {
      method: "PUT",
      cookie: admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(closed),
    });
    expect(put.status).toBe(204);
    const tooLight = await request("/api/admin/helpline?helpline=west", {
      method: "PUT",
      cookie: admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...closed, theme: { accent: "#ffff66", logo: null } }),
    });
    expect(tooLight.status).toBe(400);
    expect((await tooLight.json<{ message: string }>()).message).toContain("theme.accent: too light for white text");
    expect((await postChat({}, "/api/chats?helpline=west")).status).toBe(503);
    expect((await postChat({})).status).toBe(201);
    expect((await (await helplineAt("/api/helpline?helpline=west")).json<HelplineInfo>()).openNow).toBe(false);
    expect((await (await helplineAt("/api/helpline")).json<HelplineInfo>()).openNow).toBe(true);
    await saveSettings(env, "west", { ...closed, openingHours: DEFAULT_SETTINGS.openingHours });
  });

  it("keeps separate counts, and a coordinator sees only their own helpline's", async () => {
    const before = { baken: await offered("baken"), west: await offered("west") };
    await start("west");
    await start("west");
    await start("baken");
    expect(await offered("west")).toBe(before.west + 2);
    expect(await offered("baken")).toBe(before.baken + 1);

    const coordinator = await staffer("coordinator", "Cor", ["west"]);
    const range = "from=2026-01-01&to=2026-01-31";
    expect((await request(`/api/dashboard?${range}`, { cookie: coordinator.cookie })).status).toBe(200);
    expect((await request(`/api/dashboard?${range}&helpline=west`, { cookie: coordinator.cookie })).status).toBe(200);
    expect((await request(`/api/dashboard?${range}&helpline=baken`, { cookie: coordinator.cookie })).status).toBe(403);
    expect((await request(`/api/dashboard.csv?${range}&helpline=baken`, { cookie: coordinator.cookie })).status).toBe(403);
    // Every report asked for is in the audit trail, with its helpline; a refused one is not.
    const trail = await (await request("/api/admin/audit", { cookie: await loginAdmin() })).json<AuditEntry[]>();
    const viewed = trail.filter((e) => e.staffId === coordinator.id && e.action === "dashboard_viewed");
    expect(viewed.map((e) => e.helpline)).toEqual(["west", "west"]);
  });

  it("names the helpline in its operational log events, and nothing about the visitor", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await start("west");
    } finally {
      spy.mockRestore();
    }
    expect(lines.map((l) => JSON.parse(l))).toContainEqual({ event: "chat.started", helpline: "west", inDanger: false });
  });

  it("tells the console which helplines a member works for, by name", async () => {
    const both = await staffer("counsellor", "Dee", ["baken", "west"]);
    const session = await (await request("/api/session", { cookie: both.cookie })).json<SessionInfo>();
    expect(session.helplines).toEqual([
      { id: "baken", name: "Baken" },
      { id: "west", name: "Hulplijn West" },
    ]);
  });

  it("lets an admin manage only the accounts and settings of their own helplines", async () => {
    const westAdmin = await staffer("admin", "Wim", ["west"]);
    const bakenOnly = await staffer("counsellor", "Ben", ["baken"]);
    const listed = await (await request("/api/admin/accounts", { cookie: westAdmin.cookie })).json<Account[]>();
    expect(listed.map((a) => a.id)).not.toContain(bakenOnly.id);
    expect(listed.every((a) => a.helplines.includes("west"))).toBe(true);
    expect((await postJson(`/api/admin/accounts/${bakenOnly.id}/disable`, {}, { cookie: westAdmin.cookie })).status).toBe(404);
    expect((await request("/api/admin/helpline?helpline=baken", { cookie: westAdmin.cookie })).status).toBe(403);
    const grant = { login: "grab", displayName: "G", role: "counsellor", password: "correct horse battery staple", helplines: ["baken"] };
    expect((await postJson("/api/admin/accounts", grant, { cookie: westAdmin.cookie })).status).toBe(403);
    // Within their own helpline they manage as usual; a new account joins the admin's helpline.
    const made = await postJson("/api/admin/accounts", { ...grant, helplines: undefined }, { cookie: westAdmin.cookie });
    expect(made.status).toBe(201);
    const { id } = await made.json<{ id: string }>();
    const after = await (await request("/api/admin/accounts", { cookie: westAdmin.cookie })).json<Account[]>();
    expect(after.find((a) => a.id === id)?.helplines).toEqual(["west"]);
  });

  it("moves a member between helplines and closes their console on the helpline they left", async () => {
    const admin = await loginAdmin();
    const mover = await staffer("counsellor", "Mo", ["baken", "west"]);
    const atWest = await openConsole(mover.cookie, "/ws/console?helpline=west");
    const res = await postJson(`/api/admin/accounts/${mover.id}/helplines`, { helplines: ["baken"] }, { cookie: admin });
    expect(res.status).toBe(204);
    expect((await atWest.closedWith()).code).toBeGreaterThanOrEqual(4000);
    await expect(TestSocket.open("/ws/console?helpline=west", { cookie: mover.cookie })).rejects.toThrow(/403/);
    expect((await postJson(`/api/admin/accounts/${mover.id}/helplines`, { helplines: [] }, { cookie: admin })).status).toBe(400);
    expect((await postJson(`/api/admin/accounts/${mover.id}/helplines`, { helplines: ["nope"] }, { cookie: admin })).status).toBe(403);
  });

  it("keeps a single-use link usable when it is opened while its helpline is closed", async () => {
    const outreach = await staffer("outreach", "Otto", ["west"]);
    const made = await postJson("/api/outreach/invites?helpline=west", { channel: "school", expiresInHours: 1, maxUses: 1 }, { cookie: outreach.cookie });
    const code = (await made.json<{ path: string }>()).path.slice(3);
    const west = env.DESK.getByName("west");
    const open = await west.settings();
    await saveSettings(env, "west", { ...open, openingHours: [] });
    try {
      expect((await postChat({ invite: code })).status).toBe(503);
    } finally {
      await saveSettings(env, "west", open);
    }
    expect((await postChat({ invite: code })).status).toBe(201);
    expect((await postChat({ invite: code })).status).toBe(404);
  });

  it("starts an outreach link's chat at the helpline the link was made for", async () => {
    const outreach = await staffer("outreach", "Olga", ["west"]);
    const made = await postJson("/api/outreach/invites", { channel: "snapchat", expiresInHours: 1, maxUses: 1 }, { cookie: outreach.cookie });
    expect(made.status).toBe(201);
    const code = (await made.json<{ path: string }>()).path.slice(3);
    expect(await (await helplineAt(`/api/invites/${code}`)).json()).toEqual({ valid: true, helpline: "west" });
    const before = await offered("west");
    // Started from the default helpline's page: the link decides.
    const chat = await postChat({ invite: code });
    expect(chat.status).toBe(201);
    const started = await chat.json<StartChatResponse>();
    await arrive(started);
    expect(await offered("west")).toBe(before + 1);
    const { conversationId } = started;
    expect(await env.CONVERSATION.getByName(conversationId).helpline()).toBe("west");
  });
});
