import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccountAction, type AuditEntry } from "../../schema/admin";
import { AUDIT_HELPLINE_STEPS } from "../../worker/staff";
import { PASSWORD, accept, loginAdmin, openChat, postJson, request } from "./helpers";
import { auditRows } from "./safeguarding-helpers";
import { staffer } from "./staff-helpers";

const trailOf = async (cookie: string) => (await request("/api/admin/audit", { cookie })).json<AuditEntry[]>();

const account = (login: string) => ({ login, displayName: "New", role: "counsellor", password: PASSWORD });

describe("one helpline's admin and another's staff", () => {
  it("answers a login name in use by another helpline exactly as one in use by its own, and stops an admin trying many", async () => {
    const ours = await staffer("counsellor", "Ours", ["baken"]);
    const westAdmin = await staffer("admin", "West admin", ["west"]);
    const theirs = await staffer("counsellor", "Theirs", ["west"]);
    const create = (login: string) => postJson("/api/admin/accounts", account(login), { cookie: westAdmin.cookie });

    const elsewhere = await create(ours.login);
    const own = await create(theirs.login);
    expect(elsewhere.status).toBe(409);
    const answer = await elsewhere.json();
    expect(await own.json()).toEqual(answer);
    expect(JSON.stringify(answer)).not.toMatch(/taken|baken|helpline/i);

    // Trying names one after another: a few refusals are typos, many are a search, and it stops.
    for (let i = 0; i < 8; i++) expect((await create(ours.login)).status).toBe(409);
    expect((await create(ours.login)).status).toBe(429);
    // Creating is refused for this admin now, even with a free name; other admins go on.
    expect((await create(`free-${crypto.randomUUID().slice(0, 8)}`)).status).toBe(429);
    const other = await loginAdmin();
    expect((await postJson("/api/admin/accounts", account(`free-${crypto.randomUUID().slice(0, 8)}`), { cookie: other })).status).toBe(201);
  });

  it("shows an admin no audit entry by or about another helpline's staff, even one made by an admin of both", async () => {
    const both = await loginAdmin();
    const ours = await staffer("counsellor", "Ours", ["baken"]);
    await postJson(`/api/admin/accounts/${ours.id}/disable`, {}, { cookie: both });
    const westAdmin = await staffer("admin", "West admin", ["west"]);
    const theirs = await staffer("counsellor", "Theirs", ["west"]);
    await postJson(`/api/admin/accounts/${theirs.id}/disable`, {}, { cookie: both });

    const trail = await (await request("/api/admin/audit", { cookie: westAdmin.cookie })).json<AuditEntry[]>();
    expect(trail.filter((e) => e.staffId === ours.id || e.target === ours.id)).toEqual([]);
    // Their own staff's entries, by anyone they can see, are all there.
    expect(trail.some((e) => e.action === "account_disabled" && e.target === theirs.id)).toBe(true);
    expect(trail.some((e) => e.action === "login" && e.staffId === theirs.id)).toBe(true);

    const full = await (await request("/api/admin/audit", { cookie: both })).json<AuditEntry[]>();
    expect(full.some((e) => e.action === "account_disabled" && e.target === ours.id)).toBe(true);
  });

  it("shows a shared member's work in one helpline to that helpline's admins only", async () => {
    const shared = await staffer("counsellor", "Shared", ["baken", "west"]);
    const bakenAdmin = await staffer("admin", "Baken admin", ["baken"]);
    const westAdmin = await staffer("admin", "West admin", ["west"]);
    const chat = await openChat("baken");
    expect((await accept(shared.cookie, chat.conversationId)).status).toBe(204);
    const ended = await postJson(`/api/console/chats/${chat.conversationId}/end?helpline=baken`, { topic: "other", outcome: "information_given" }, { cookie: shared.cookie });
    expect(ended.status).toBe(204);
    expect((await postJson("/api/console/handoffs/lookup?helpline=baken", { code: "0000-0000" }, { cookie: shared.cookie })).status).toBe(404);
    expect((await postJson("/api/console/debrief?helpline=baken", {}, { cookie: shared.cookie })).status).toBe(200);
    expect((await postJson("/api/console/debrief?helpline=west", {}, { cookie: shared.cookie })).status).toBe(200);

    const theirWork = (trail: AuditEntry[]) => trail.filter((e) => e.staffId === shared.id && !AccountAction.safeParse(e.action).success);
    const inBaken = ["debrief_requested", "handoff_looked_up", "end", "accept"].map((action) => ({ action, helpline: "baken" }));
    expect(theirWork(await trailOf(bakenAdmin.cookie))).toEqual(inBaken.map((e) => expect.objectContaining(e)));
    expect(theirWork(await trailOf(westAdmin.cookie))).toEqual([expect.objectContaining({ action: "debrief_requested", helpline: "west" })]);
    // Signing in is the member's own, not one helpline's: both their admins see it.
    for (const admin of [bakenAdmin, westAdmin]) expect((await trailOf(admin.cookie)).some((e) => e.staffId === shared.id && e.action === "login")).toBe(true);

    // As stored: every action in a helpline names it, and nothing names a chat.
    const stored = (await auditRows()).filter((r) => r.staff_id === shared.id);
    expect(stored.filter((r) => !AccountAction.safeParse(r.action).success).map((r) => r.helpline)).toEqual(["baken", "baken", "baken", "baken", "west"]);
    expect(stored.filter((r) => AccountAction.safeParse(r.action).success).map((r) => r.helpline)).toEqual([null]);
    expect(JSON.stringify(stored)).not.toContain(chat.conversationId);
  });

  it("shows an entry from before entries named their helpline only to an admin of every helpline", async () => {
    const shared = await staffer("counsellor", "Shared", ["baken", "west"]);
    const westAdmin = await staffer("admin", "West admin", ["west"]);
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      state.storage.sql.exec("INSERT INTO audit (at, staff_id, action, target, helpline) VALUES (?, ?, 'accept', NULL, NULL)", Date.now(), shared.id);
    });
    const legacy = (trail: AuditEntry[]) => trail.filter((e) => e.staffId === shared.id && e.action === "accept");
    expect(legacy(await trailOf(westAdmin.cookie))).toEqual([]);
    // The first admin works for every helpline of the deployment.
    expect(legacy(await trailOf(await loginAdmin()))).toEqual([expect.objectContaining({ helpline: null })]);
  });

  it("migrates entries that named their helpline as the target to name it as their helpline", async () => {
    const rows = await runInDurableObject(env.STAFF.getByName("legacy-audit"), (_obj, state) => {
      const sql = state.storage.sql;
      // The trail as it was before the steps: no helpline column, a helpline as some entries' target.
      sql.exec("ALTER TABLE audit DROP COLUMN helpline");
      const insert = (action: string, target: string | null) => sql.exec("INSERT INTO audit (at, staff_id, action, target) VALUES (1, 'someone', ?, ?)", action, target);
      insert("settings_changed", "west");
      insert("visitor_blocked", "baken");
      insert("dashboard_viewed", "west");
      insert("transfer", "colleague");
      insert("accept", null);
      insert("account_disabled", "colleague");
      for (const step of AUDIT_HELPLINE_STEPS) sql.exec(step);
      return sql.exec("SELECT action, target, helpline FROM audit ORDER BY id").toArray();
    });
    expect(rows).toEqual([
      { action: "settings_changed", target: null, helpline: "west" },
      { action: "visitor_blocked", target: null, helpline: "baken" },
      { action: "dashboard_viewed", target: null, helpline: "west" },
      { action: "transfer", target: "colleague", helpline: null },
      { action: "accept", target: null, helpline: null },
      { action: "account_disabled", target: "colleague", helpline: null },
    ]);
  });
});
