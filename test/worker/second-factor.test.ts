/**
 * Second factor required per role: each helpline's admins choose which roles must have one (admins and
 * supervisors unless they chose otherwise); a member of such a role without one sets it up before
 * anything else. The suite runs with SECOND_FACTOR_ROLES=none (vitest.config.ts), so here an admin chooses.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FactorRoles } from "../../schema/admin";
import { EnvConfig } from "../../schema/config";
import type { SessionInfo } from "../../schema/http";
import { SecondFactorRoles } from "../../worker/second-factor-roles";
import { PASSWORD, TestSocket, loginAdmin, postJson, request } from "./helpers";
import { enrolFactor, loginAs, staffer } from "./staff-helpers";

const NONE: FactorRoles = { counsellor: false, outreach: false, supervisor: false, coordinator: false, admin: false };

const put = (roles: FactorRoles, cookie: string, helpline?: string) =>
  request(`/api/admin/second-factor${helpline ? `?helpline=${helpline}` : ""}`, {
    method: "PUT",
    cookie,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ roles }),
  });
const get = async (cookie: string, helpline?: string) =>
  (await request(`/api/admin/second-factor${helpline ? `?helpline=${helpline}` : ""}`, { cookie })).json<FactorRoles>();
const sessionOf = async (cookie: string) => (await request("/api/session", { cookie })).json<SessionInfo>();

describe("the default", () => {
  it("requires a second factor of admins and supervisors until a helpline's admins choose", async () => {
    // The one setting without a default, so a config with nothing else set parses.
    const bare = { CHAT_ID_KEY: "a-chat-id-key-of-thirty-two-characters" };
    expect(EnvConfig.parse(bare).SECOND_FACTOR_ROLES).toEqual(["admin", "supervisor"]);
    expect(EnvConfig.parse({ ...bare, SECOND_FACTOR_ROLES: "none" }).SECOND_FACTOR_ROLES).toEqual([]);
    expect(EnvConfig.safeParse({ ...bare, SECOND_FACTOR_ROLES: "admin,root" }).success).toBe(false);
    const defaults = EnvConfig.parse(bare).SECOND_FACTOR_ROLES;
    await runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => {
      const roles = new SecondFactorRoles(state.storage.sql, defaults);
      expect(roles.forHelpline("never-chosen")).toEqual({ ...NONE, admin: true, supervisor: true });
      expect(roles.required("supervisor", ["never-chosen"])).toBe(true);
      expect(roles.required("counsellor", ["never-chosen"])).toBe(false);
      // A member of no helpline yet is held to the default.
      expect(roles.required("admin", [])).toBe(true);
    });
  });
});

describe("a role that must have a second factor", () => {
  it("makes its members without one set it up before anything else; then they go on in the same session", async () => {
    const admin = await loginAdmin();
    const counsellor = await staffer("counsellor");
    expect((await sessionOf(counsellor.cookie)).secondFactor).toBe("off");
    expect((await put({ ...NONE, counsellor: true }, admin)).status).toBe(204);

    // Signed in already: from the next request on, only the set-up (and logging out) is open.
    expect((await sessionOf(counsellor.cookie)).secondFactor).toBe("required");
    const status = await postJson("/api/console/status", { status: "available", capacity: 1 }, { cookie: counsellor.cookie });
    expect(status.status).toBe(403);
    expect(await status.json()).toMatchObject({ error: "second_factor_required" });
    expect((await request("/ws/console", { cookie: counsellor.cookie, headers: { upgrade: "websocket" } })).status).toBe(403);
    // A new sign-in with the password alone gets a session, held to the same set-up.
    const again = await loginAs(counsellor.login);
    expect((await postJson("/api/console/status", { status: "available", capacity: 1 }, { cookie: again })).status).toBe(403);

    const { code } = await enrolFactor(counsellor.cookie);
    expect((await sessionOf(counsellor.cookie)).secondFactor).toBe("on");
    expect((await postJson("/api/console/status", { status: "available", capacity: 1 }, { cookie: counsellor.cookie })).status).toBe(204);
    const console = await TestSocket.open("/ws/console", { cookie: counsellor.cookie });
    await expect.poll(() => console.frames.length).toBeGreaterThan(0);
    console.close();
    // From now on the password alone is not enough.
    const login = (body: object) => postJson("/api/login", { login: counsellor.login, password: PASSWORD, ...body });
    expect(await (await login({})).json()).toMatchObject({ error: "code_required" });
    expect((await login({ code: await code(1) })).status).toBe(200);

    // Other roles are not held to it.
    const outreach = await staffer("outreach");
    expect((await sessionOf(outreach.cookie)).secondFactor).toBe("off");
    expect((await request("/api/outreach/invites", { cookie: outreach.cookie })).status).toBe(200);
    expect((await put(NONE, admin)).status).toBe(204);
  });

  it("holds an admin to it too, as soon as it is chosen", async () => {
    const admin = await loginAdmin();
    const other = await staffer("admin", "Other admin", ["baken"]);
    expect((await put({ ...NONE, admin: true }, admin)).status).toBe(204);
    expect((await request("/api/admin/accounts", { cookie: other.cookie })).status).toBe(403);
    expect((await put(NONE, other.cookie)).status).toBe(403);
    await enrolFactor(other.cookie);
    expect((await request("/api/admin/accounts", { cookie: other.cookie })).status).toBe(200);
    // The admin who chose it has no factor yet: they set one up before they can change it back.
    expect((await put(NONE, admin)).status).toBe(403);
    expect((await put(NONE, other.cookie)).status).toBe(204);
    expect((await request("/api/admin/accounts", { cookie: admin })).status).toBe(200);
  });
});

describe("who changes it", () => {
  it("only an admin, only for their own helpline; a member of several is held to the strictest", async () => {
    const admin = await loginAdmin();
    for (const role of ["counsellor", "supervisor", "coordinator", "outreach"] as const) {
      const member = await staffer(role);
      expect((await put({ ...NONE, counsellor: true }, member.cookie)).status).toBe(403);
      expect((await request("/api/admin/second-factor", { cookie: member.cookie })).status).toBe(403);
    }
    expect((await put({ ...NONE, counsellor: true }, "")).status).toBe(401);
    expect((await request("/api/admin/second-factor", { method: "PUT", cookie: admin, headers: { "content-type": "application/json" }, body: JSON.stringify({ roles: { admin: true } }) })).status).toBe(400);
    expect(await get(admin)).toEqual(NONE);

    // An admin of one helpline sets it there only, and cannot reach another's.
    const westAdmin = await staffer("admin", "West admin", ["west"]);
    expect((await put({ ...NONE, counsellor: true }, westAdmin.cookie, "baken")).status).toBe(403);
    expect((await put({ ...NONE, counsellor: true }, westAdmin.cookie, "west")).status).toBe(204);
    expect(await get(admin, "west")).toEqual({ ...NONE, counsellor: true });
    expect(await get(admin, "baken")).toEqual(NONE);
    const ofBaken = await staffer("counsellor", "Baken only", ["baken"]);
    const ofBoth = await staffer("counsellor", "Both", ["baken", "west"]);
    expect((await sessionOf(ofBaken.cookie)).secondFactor).toBe("off");
    expect((await sessionOf(ofBoth.cookie)).secondFactor).toBe("required");

    // The change is in the audit trail, against the helpline.
    const trail = await (await request("/api/admin/audit?helpline=west", { cookie: westAdmin.cookie })).json<{ staffId: string; action: string; helpline: string | null }[]>();
    expect(trail.some((e) => e.staffId === westAdmin.id && e.action === "settings_changed" && e.helpline === "west")).toBe(true);
  });
});
