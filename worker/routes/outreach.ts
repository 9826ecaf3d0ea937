/**
 * Outreach links: staff with the outreach role make, list and revoke invitation links; anyone may
 * ask whether a link still works. Starting a chat with a link happens in routes/visitor.ts.
 */
import { Hono } from "hono";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { type CreatedInvite, CreateInviteBody, INVITE_CODE } from "../../schema/outreach";
import { type AppEnv, fail, readJson } from "../http";
import { requireStaff, type StaffEnv } from "../session";

const OUTREACH_ROLES = ["outreach", "admin"] as const;

function outreach(env: Env) {
  return env.OUTREACH.getByName(DEFAULT_HELPLINE);
}

function stats(env: Env) {
  return env.STATS.getByName(DEFAULT_HELPLINE);
}

/** Admins see and manage every link; outreach workers only their own. */
function scope(role: string, staffId: string): string | null {
  return role === "admin" ? null : staffId;
}

export const outreachRoutes = new Hono<StaffEnv>()
  .post("/api/outreach/invites", requireStaff(...OUTREACH_ROLES), async (c) => {
    const body = await readJson(c, CreateInviteBody);
    const { invite, code } = await outreach(c.env).create(c.var.staff.id, body);
    await stats(c.env).increment("invite_created", invite.channel);
    return c.json({ invite, path: `/i/${code}` } satisfies CreatedInvite, 201);
  })
  .get("/api/outreach/invites", requireStaff(...OUTREACH_ROLES), async (c) =>
    c.json({ invites: await outreach(c.env).list(scope(c.var.staff.role, c.var.staff.id)) }),
  )
  .post("/api/outreach/invites/:id/revoke", requireStaff(...OUTREACH_ROLES), async (c) => {
    const revoked = await outreach(c.env).revoke(c.req.param("id"), scope(c.var.staff.role, c.var.staff.id));
    if (!revoked) fail(404, "not_found", "No such link.");
    return c.body(null, 204);
  });

/** For the landing page: does this link still work? Counts an opening when it does. */
export const inviteRoutes = new Hono<AppEnv>()
  .get("/api/invites/:code", async (c) => {
    const code = c.req.param("code");
    const channel = INVITE_CODE.test(code) ? await outreach(c.env).check(code) : null;
    if (channel === null) fail(404, "not_found", "This link no longer works.");
    await stats(c.env).increment("invite_opened", channel);
    return c.json({ valid: true });
  })
  // The link itself opens the ordinary visitor page, which reads the code from the path.
  .get("/i/:code", (c) => c.env.ASSETS.fetch(new Request(new URL("/", c.req.url))));
