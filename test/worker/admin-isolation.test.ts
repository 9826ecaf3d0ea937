import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../schema/admin";
import { PASSWORD, loginAdmin, postJson, request } from "./helpers";
import { staffer } from "./staff-helpers";

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
});
