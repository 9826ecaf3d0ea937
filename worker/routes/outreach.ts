/**
 * Outreach links: staff with the outreach role make, list and revoke invitation links; anyone may
 * ask whether a link still works. Starting a chat with a link happens in routes/visitor.ts.
 */
import { Hono } from "hono";
import { type CreatedInvite, CreateInviteBody, INVITE_CODE, type InviteCheck } from "../../schema/outreach";
import { count } from "../counting";
import { staffHelpline } from "../helplines";
import { type AppEnv, fail, readJson } from "../http";
import { OUTREACH_OBJECT } from "../outreach";
import { requireStaff, type StaffEnv } from "../session";

const OUTREACH_ROLES = ["outreach", "admin"] as const;

function outreach(env: Env) {
  return env.OUTREACH.getByName(OUTREACH_OBJECT);
}

/** Admins see and manage every link; outreach workers only their own. */
function scope(role: string, staffId: string): string | null {
  return role === "admin" ? null : staffId;
}

export const outreachRoutes = new Hono<StaffEnv>()
  .post("/api/outreach/invites", requireStaff(...OUTREACH_ROLES), async (c) => {
    const helpline = staffHelpline(c, c.var.staff);
    const body = await readJson(c, CreateInviteBody);
    const { invite, code } = await outreach(c.env).create(helpline, c.var.staff.id, body);
    await count(c.env, helpline, (stats) => stats.increment("invite_created", invite.channel));
    return c.json({ invite, path: `/i/${code}` } satisfies CreatedInvite, 201);
  })
  .get("/api/outreach/invites", requireStaff(...OUTREACH_ROLES), async (c) =>
    c.json({ invites: await outreach(c.env).list(staffHelpline(c, c.var.staff), scope(c.var.staff.role, c.var.staff.id)) }),
  )
  .post("/api/outreach/invites/:id/revoke", requireStaff(...OUTREACH_ROLES), async (c) => {
    const helpline = staffHelpline(c, c.var.staff);
    const revoked = await outreach(c.env).revoke(c.req.param("id"), helpline, scope(c.var.staff.role, c.var.staff.id));
    if (!revoked) fail(404, "not_found", "No such link.");
    return c.body(null, 204);
  });

/** For the landing page: does this link still work? Counts an opening when it does. */
export const inviteRoutes = new Hono<AppEnv>()
  .get("/api/invites/:code", async (c) => {
    const code = c.req.param("code");
    const link = INVITE_CODE.test(code) ? await outreach(c.env).check(code) : null;
    if (link === null) fail(404, "not_found", "This link no longer works.");
    await count(c.env, link.helpline, (stats) => stats.increment("invite_opened", link.channel));
    // The page shows this helpline's name, hours and colours before the chat starts.
    return c.json({ valid: true, helpline: link.helpline } satisfies InviteCheck);
  })
  // The link itself opens the ordinary visitor page, which reads the code from the path.
  .get("/i/:code", (c) => c.env.ASSETS.fetch(new Request(new URL("/", c.req.url))));
