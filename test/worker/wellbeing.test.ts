/**
 * Counsellor wellbeing: exposure counted per shift in the Desk (chats, minutes, heavy chats, breaks),
 * the break nudge's thresholds, the team's load for supervisors only (no chat ids), and a debrief
 * request that reaches supervisors only and is audited without text.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../schema/admin";
import type { DeskSnapshot } from "../../schema/desk";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS } from "../../schema/helpline";
import type { Topic } from "../../schema/stats";
import { DEFAULT_WELLBEING, DebriefRequest, type Exposure, SHIFT_GAP_MS, nudgeFor } from "../../schema/wellbeing";
import { type TestSocket, accept, connectCounsellor, loginAdmin, postJson, request, startChat } from "./helpers";
import { type Staffer, deskWhere, openConsole, staffer } from "./staff-helpers";

const desk = () => env.DESK.getByName(DEFAULT_HELPLINE);
const me = (snapshot: DeskSnapshot): Exposure => {
  if (!snapshot.wellbeing) throw new Error("no wellbeing in the snapshot");
  return snapshot.wellbeing.me;
};

/** A chat this counsellor accepted, held for `minutes` (the Desk's clock moved back), then ended with a topic. */
async function handle(who: Staffer, topic: Topic, minutes = 0): Promise<string> {
  const chat = await startChat();
  expect((await accept(who.cookie, chat.conversationId)).status).toBe(204);
  if (minutes > 0) {
    await runInDurableObject(desk(), (_obj, state) => {
      state.storage.sql.exec("UPDATE chats SET assigned_at = ? WHERE state = 'held' AND conversation_id = ?", Date.now() - minutes * 60_000, chat.conversationId);
    });
  }
  const res = await postJson(`/api/console/chats/${chat.conversationId}/end`, { topic, outcome: "information_given" }, { cookie: who.cookie });
  expect(res.status).toBe(204);
  return chat.conversationId;
}

/** The debrief requests a console socket received (the socket records every frame it gets). */
function debriefsIn(socket: TestSocket): unknown[] {
  return (socket.frames as unknown[]).filter((f) => (f as { type?: unknown }).type === "debrief");
}

async function closeConsole(who: Staffer, console: TestSocket): Promise<void> {
  const before = await lastOnline(who.id);
  console.close();
  // The Desk notes when the console went: the shift's clock for a gap starts then.
  await expect.poll(() => lastOnline(who.id)).toBeGreaterThan(before);
}

function lastOnline(staffId: string): Promise<number> {
  return runInDurableObject(desk(), (_obj, state) =>
    state.storage.sql.exec<{ t: number }>("SELECT last_online_at AS t FROM exposure WHERE staff_id = ?", staffId).one().t,
  );
}

async function saveWellbeing(wellbeing: typeof DEFAULT_WELLBEING): Promise<Response> {
  const admin = await loginAdmin();
  return request("/api/admin/helpline", {
    method: "PUT",
    cookie: admin,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...DEFAULT_SETTINGS, wellbeing }),
  });
}

describe("exposure per shift", () => {
  it("counts chats, minutes and heavy chats (by the helpline's heavy topics) this shift", async () => {
    const noor = await staffer("counsellor", "Noor");
    const console = await openConsole(noor.cookie);
    const fresh = me(await deskWhere(console, (d) => d.wellbeing !== undefined));
    expect(fresh).toMatchObject({ chats: 0, chatMinutes: 0, heavyChats: 0, lastHeavyAt: null });
    expect(fresh.breakAt).toBe(fresh.shiftStartedAt);

    await handle(noor, "sexual_exploitation", 12);
    const afterHeavy = me(await deskWhere(console, (d) => d.wellbeing?.me.heavyChats === 1));
    expect(afterHeavy).toMatchObject({ chats: 1, chatMinutes: 12 });
    expect(afterHeavy.lastHeavyAt).not.toBeNull();

    await handle(noor, "other", 5);
    expect(me(await deskWhere(console, (d) => d.wellbeing?.me.chats === 2))).toMatchObject({ chatMinutes: 17, heavyChats: 1 });
  });

  it("follows the admin's heavy topics: with none chosen no chat counts as heavy", async () => {
    expect((await saveWellbeing({ ...DEFAULT_WELLBEING, heavyTopics: [] })).status).toBe(204);
    try {
      const noor = await staffer("counsellor");
      const console = await openConsole(noor.cookie);
      await handle(noor, "sexual_exploitation");
      expect(me(await deskWhere(console, (d) => d.wellbeing?.me.chats === 1)).heavyChats).toBe(0);
    } finally {
      expect((await saveWellbeing(DEFAULT_WELLBEING)).status).toBe(204);
    }
  });

  it("refuses nudge settings out of bounds", async () => {
    expect((await saveWellbeing({ ...DEFAULT_WELLBEING, nudgeAfterMinutes: 5 })).status).toBe(400);
    expect((await saveWellbeing({ ...DEFAULT_WELLBEING, heavyTopics: ["not_a_topic" as Topic] })).status).toBe(400);
  });

  it("counts a handed-over chat for the one who handed it over", async () => {
    const from = await staffer("counsellor", "Eva");
    const to = await staffer("counsellor", "Jip");
    const fromConsole = await openConsole(from.cookie);
    await openConsole(to.cookie);
    const chat = await startChat();
    expect((await accept(from.cookie, chat.conversationId)).status).toBe(204);
    await connectCounsellor(from.cookie, chat.conversationId);
    const res = await postJson(`/api/console/chats/${chat.conversationId}/transfer`, { to: to.id, note: "" }, { cookie: from.cookie });
    expect(res.status).toBe(204);
    expect(me(await deskWhere(fromConsole, (d) => d.mine.length === 0)).chats).toBe(1);
  });

  it("keeps the shift through a short absence and starts a new one after the shift gap", async () => {
    const noor = await staffer("counsellor");
    let console = await openConsole(noor.cookie);
    await handle(noor, "online_sextortion");
    await deskWhere(console, (d) => d.wellbeing?.me.heavyChats === 1);

    // Back within minutes (a reload, a lost network): the same shift.
    await closeConsole(noor, console);
    console = await openConsole(noor.cookie);
    const same = me(await deskWhere(console, (d) => d.wellbeing !== undefined));
    expect(same).toMatchObject({ chats: 1, heavyChats: 1 });

    // Away longer than the gap: a new shift, counted from zero, with a fresh break clock.
    await closeConsole(noor, console);
    await runInDurableObject(desk(), (_obj, state) => {
      state.storage.sql.exec("UPDATE exposure SET last_online_at = last_online_at - ? WHERE staff_id = ?", SHIFT_GAP_MS + 1000, noor.id);
    });
    const before = Date.now();
    console = await openConsole(noor.cookie);
    const next = me(await deskWhere(console, (d) => d.wellbeing !== undefined));
    expect(next).toMatchObject({ chats: 0, chatMinutes: 0, heavyChats: 0, lastHeavyAt: null });
    expect(next.shiftStartedAt).toBeGreaterThanOrEqual(before);
  });

  it("treats away as a break: the clock stops while away and starts again on return", async () => {
    const noor = await staffer("counsellor");
    const console = await openConsole(noor.cookie);
    const start = me(await deskWhere(console, (d) => d.wellbeing !== undefined)).breakAt ?? 0;
    const status = (s: string) => postJson("/api/console/status", { status: s, capacity: 3 }, { cookie: noor.cookie });
    expect((await status("away")).status).toBe(204);
    expect(me(await deskWhere(console, (d) => d.me.status === "away")).breakAt).toBeNull();
    // Busy is not a break: only away counts.
    expect((await status("busy")).status).toBe(204);
    const back = me(await deskWhere(console, (d) => d.me.status === "busy")).breakAt ?? 0;
    expect(back).toBeGreaterThanOrEqual(start);
    expect((await status("available")).status).toBe(204);
    expect(me(await deskWhere(console, (d) => d.me.status === "available")).breakAt).toBe(back);
  });

  it("deletes a counsellor's exposure when their account is disabled", async () => {
    const noor = await staffer("counsellor");
    await openConsole(noor.cookie);
    await handle(noor, "other");
    const admin = await loginAdmin();
    expect((await postJson(`/api/admin/accounts/${noor.id}/disable`, {}, { cookie: admin })).status).toBe(204);
    const rows = await runInDurableObject(desk(), (_obj, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM exposure WHERE staff_id = ?", noor.id).one().n,
    );
    expect(rows).toBe(0);
  });
});

describe("the break nudge", () => {
  const settings = { nudgeAfterHeavy: true, nudgeAfterMinutes: 90 };
  const minute = 60_000;
  const at = 1_000_000_000_000;
  const shift = (patch: Partial<Exposure>): Exposure => ({
    shiftStartedAt: at,
    chats: 0,
    chatMinutes: 0,
    heavyChats: 0,
    lastHeavyAt: null,
    breakAt: at,
    ...patch,
  });

  it("comes after a heavy chat since the last break, not one before it", () => {
    expect(nudgeFor(shift({ lastHeavyAt: at + minute }), settings, at + 2 * minute)).toEqual({ reason: "heavy", since: at + minute });
    expect(nudgeFor(shift({ lastHeavyAt: at - minute }), settings, at + 2 * minute)).toBeNull();
    expect(nudgeFor(shift({ lastHeavyAt: at + minute }), { ...settings, nudgeAfterHeavy: false }, at + 2 * minute)).toBeNull();
  });

  it("comes once the time without a break reaches the setting, and never when it is off", () => {
    expect(nudgeFor(shift({}), settings, at + 89 * minute)).toBeNull();
    expect(nudgeFor(shift({}), settings, at + 90 * minute)).toEqual({ reason: "long_stretch", since: at });
    expect(nudgeFor(shift({}), { ...settings, nudgeAfterMinutes: null }, at + 600 * minute)).toBeNull();
  });

  it("stays away while the counsellor is on a break", () => {
    expect(nudgeFor(shift({ breakAt: null, lastHeavyAt: at }), settings, at + 600 * minute)).toBeNull();
  });
});

describe("the team's load", () => {
  it("shows supervisors each counsellor on shift with numbers only, and counsellors nothing", async () => {
    const noor = await staffer("counsellor", "Team Noor");
    const supervisor = await staffer("supervisor", "Team Sara");
    const noorConsole = await openConsole(noor.cookie);
    const supervisorConsole = await openConsole(supervisor.cookie);
    const ended = await handle(noor, "loverboy_grooming", 3);
    const open = await startChat();
    expect((await accept(noor.cookie, open.conversationId)).status).toBe(204);

    const snapshot = await deskWhere(supervisorConsole, (d) => d.wellbeing?.team?.some((t) => t.displayName === "Team Noor" && t.openChats === 1) === true);
    const row = snapshot.wellbeing?.team?.find((t) => t.displayName === "Team Noor");
    expect(row).toMatchObject({ online: true, openChats: 1, chats: 1, chatMinutes: 3, heavyChats: 1 });
    expect(Object.keys(row ?? {}).sort()).toEqual(["breakAt", "chatMinutes", "chats", "displayName", "heavyChats", "online", "openChats"]);
    const team = JSON.stringify(snapshot.wellbeing?.team);
    expect(team).not.toContain(ended);
    expect(team).not.toContain(open.conversationId);
    expect(team).not.toContain(noor.id);

    expect((await deskWhere(noorConsole, (d) => d.wellbeing !== undefined)).wellbeing?.team).toBeNull();
  });
});

describe("asking for a debrief", () => {
  it("tells the supervisors on shift who asks, nothing else, and is audited without text", async () => {
    const noor = await staffer("counsellor", "Debrief Noor");
    const colleague = await staffer("counsellor");
    const supervisor = await staffer("supervisor");
    const noorConsole = await openConsole(noor.cookie);
    const colleagueConsole = await openConsole(colleague.cookie);
    const supervisorConsole = await openConsole(supervisor.cookie);
    const chat = await handle(noor, "sexual_exploitation");

    const res = await postJson("/api/console/debrief", {}, { cookie: noor.cookie });
    expect(res.status).toBe(200);
    expect((await res.json<{ told: number }>()).told).toBeGreaterThanOrEqual(1);
    await expect.poll(() => debriefsIn(supervisorConsole).length).toBe(1);
    const told = debriefsIn(supervisorConsole)[0] ?? {};
    expect(DebriefRequest.safeParse(told).success).toBe(true);
    expect(Object.keys(told as object).sort()).toEqual(["at", "from", "type"]);
    expect(told).toMatchObject({ type: "debrief", from: "Debrief Noor" });
    expect(JSON.stringify(told)).not.toContain(chat);

    // The console sockets of counsellors (the asker's own too) never get one: a status change after the
    // request reaches them in order, so a debrief sent to them would have come first.
    expect((await postJson("/api/console/status", { status: "busy", capacity: 3 }, { cookie: colleague.cookie })).status).toBe(204);
    await deskWhere(noorConsole, (d) => d.colleagues.some((c) => c.id === colleague.id && c.status === "busy"));
    await deskWhere(colleagueConsole, (d) => d.me.status === "busy");
    for (const socket of [noorConsole, colleagueConsole]) expect(debriefsIn(socket)).toEqual([]);

    const admin = await loginAdmin();
    const audit = await (await request("/api/admin/audit", { cookie: admin })).json<AuditEntry[]>();
    expect(audit.filter((e) => e.staffId === noor.id && e.action === "debrief_requested")).toEqual([
      expect.objectContaining({ action: "debrief_requested", target: null }),
    ]);
  });

  it("says so when no supervisor is on shift", async () => {
    // Another helpline of its own, where only this counsellor works.
    const lone = await staffer("counsellor", "Lone", ["west"]);
    const res = await postJson("/api/console/debrief?helpline=west", {}, { cookie: lone.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ told: 0 });
  });

  it("is refused to a coordinator, who takes no chats", async () => {
    const coordinator = await staffer("coordinator");
    expect((await postJson("/api/console/debrief", {}, { cookie: coordinator.cookie })).status).toBe(403);
  });
});
