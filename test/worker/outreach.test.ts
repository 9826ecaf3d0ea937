import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { CreatedInvite, Invite } from "../../schema/outreach";
import { loginAdmin, postJson, request } from "./helpers";

async function makeInvite(cookie: string, body: object): Promise<CreatedInvite> {
  const res = await postJson("/api/outreach/invites", body, { cookie });
  expect(res.status).toBe(201);
  return res.json<CreatedInvite>();
}

const codeOf = (created: CreatedInvite) => created.path.slice("/i/".length);
const outreach = () => env.OUTREACH.getByName(DEFAULT_HELPLINE);

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
