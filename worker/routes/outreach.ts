/**
 * Outreach links: staff with the outreach role make, list and revoke invitation links; anyone may
 * ask whether a link still works. Starting a chat with a link happens in routes/visitor.ts.
 */
import { Hono } from "hono";
import { type CreatedInvite, CreateInviteBody, INVITE_CODE, type InviteCheck, InviteOpenedBody } from "../../schema/outreach";
import { staffHelpline } from "../helplines";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { OUTREACH_OBJECT } from "../outreach";
import { limit } from "../rate-limit";
import { requireStaff, type StaffEnv } from "../session";
import { inviteCreated, inviteOpened } from "../stats-events";

const OUTREACH_ROLES = ["outreach", "admin"] as const;

function outreach(env: Env) {
  return env.OUTREACH.getByName(OUTREACH_OBJECT);
}

/** Admins see and manage every link; outreach workers only their own. */
function scope(role: string, staffId: string): string | null {
  return role === "admin" ? null : staffId;
}

export const outreachRoutes = new Hono<StaffEnv>()
  .post("/api/outreach/invites", requireStaff(...OUTREACH_ROLES), jsonBody(CreateInviteBody), async (c) => {
    const helpline = staffHelpline(c, c.var.staff);
    const body = await readBody(c);
    const { invite, code } = await outreach(c.env).create(helpline, c.var.staff.id, body);
    await inviteCreated(c.env, helpline, invite.channel);
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

async function workingLink(env: Env, code: string) {
  const link = INVITE_CODE.test(code) ? await outreach(env).check(code) : null;
  if (link === null) fail(404, "not_found", "This link no longer works.");
  return link;
}

/** For the landing page: does this link still work, and was it opened. */
export const inviteRoutes = new Hono<AppEnv>()
  // Only asks, so asking again (a retry, a script) changes nothing.
  .get("/api/invites/:code", async (c) => {
    const link = await workingLink(c.env, c.req.param("code"));
    // The page shows this helpline's name, hours and colours before the chat starts.
    return c.json({ valid: true, helpline: link.helpline } satisfies InviteCheck);
  })
  // "Opened" on the dashboard: the page reports it once per page load (it takes the code out of the
  // address bar, so a reload does not report again). A POST, so the Origin check keeps other sites
  // from counting; rate-limited per network, so a script cannot inflate the count.
  .post("/api/invites/:code/opened", jsonBody(InviteOpenedBody), async (c) => {
    await readBody(c);
    await limit(c, "inviteOpened");
    const link = await workingLink(c.env, c.req.param("code"));
    await inviteOpened(c.env, link.helpline, link.channel);
    return c.body(null, 204);
  })
  // The link itself opens the ordinary visitor page, which reads the code from the path.
  .get("/i/:code", (c) => c.env.ASSETS.fetch(new Request(new URL("/", c.req.url))));
