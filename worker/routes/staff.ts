/** Routes for staff: first-run setup, login and logout, the second factor, and the counsellor console. */
import { type Context, Hono } from "hono";
import { accessSettings } from "../access";
import { config } from "../config";
import { StatusBody, type TotpSetup, TotpConfirmBody, TransferBody } from "../../schema/console";
import { LoginBody, type SessionInfo, SetupBody } from "../../schema/http";
import type { HelplineSettings } from "../../schema/helpline";
import { ALL_ROLES, CHAT_ROLES, OBSERVER_ROLES } from "../../schema/staff";
import { Categorisation } from "../../schema/stats";
import { endChat } from "../flows/end-chat";
import { staffHelpline } from "../helplines";
import { type AppEnv, fail, jsonBody, readBody } from "../http";
import { loginKey } from "../staff";
import { currentStaff, endSession, requireStaff, requireStaffEnrolling, type StaffEnv, staffObject, startSession } from "../session";
import { type FailureCount, clientPrefix, forgetFailures, limitFailures } from "../rate-limit";
import { chatIdParam } from "../chat-id";
import { forwardUpgrade } from "../sockets";
import { totpUri } from "../totp";

export const staffRoutes = new Hono<AppEnv>()
  .get("/api/session", async (c) => {
    const found = await currentStaff(c);
    const needsSetup = found ? false : await staffObject(c.env).needsSetup();
    const helplines = await Promise.all(
      (found?.staff.helplines ?? []).map(async (id) => ({ id, name: (await c.env.DESK.getByName(id).settings()).name })),
    );
    return c.json({ staff: found?.staff ?? null, needsSetup, helplines, secondFactor: found?.secondFactor ?? null } satisfies SessionInfo);
  })
  .post("/api/setup", jsonBody(SetupBody), (c) =>
    limitFailures(c, "signIn", async (failed) => {
      const body = await readBody(c);
      const result = await staffObject(c.env).setup(body);
      if (result === "already_set_up") fail(409, "conflict", "Setup is already done.");
      if (result === "no_secret_configured") fail(403, "forbidden", "Setup is not enabled on this deployment.");
      if (result === "bad_secret") {
        failed();
        fail(403, "forbidden", "The setup secret is not correct.");
      }
      return c.body(null, 201);
    }),
  )
  .post("/api/login", jsonBody(LoginBody), async (c) => {
    if (accessSettings(config(c.env))) fail(403, "forbidden", "Staff sign in through the organisation's single sign-on.");
    const body = await readBody(c);
    // A request with a code is never refused for its network's counts: past them it is tried under
    // strain, so guessers sharing a member's network (an office, a mobile carrier's NAT) cannot keep
    // out a member who has their password and a second factor; a guess past them is not even hashed.
    return limitFailures(c, signInCounts(c, body.login, body.code !== undefined), async (failed, strained) => {
      const result = await staffObject(c.env).login(body.login, body.password, body.code, strained);
      if (!result.ok) {
        // Asking for the code is the first step of a login with a second factor, not a failure.
        if (!(result.reason === "code_required" && body.code === undefined)) failed();
        // Strain applies to any login name, so neither answer tells whether an account exists.
        if (result.reason === "strained") fail(429, "rate_limited", STRAINED);
        if (result.reason === "code_required") fail(401, "code_required", "Enter the current code from your authenticator app.");
        fail(401, "unauthorized", "Login name or password is not correct.");
      }
      // The member proved they hold this name: a typo later today is not their sixth strike. Only this
      // network's count on this name is cleared (the Staff object clears the name's own): the network's
      // count across names stays, or one account of their own would let a guesser reset it at will.
      await forgetFailures(c, [nameCount(c, body.login)]);
      startSession(c, result.token);
      return c.json({ staff: result.staff });
    });
  });

const STRAINED =
  "Too many failed sign-ins just now. With a second factor, enter your password and the current code together: that always gets you in. Without one, try again in 15 minutes, then set up a second factor so this cannot keep you out again.";

/**
 * What a sign-in counts: this client's failures (on any name), this client's failures on this one
 * name (so its guessing locks only itself out of that name), and every failure everywhere, past which
 * sign-in runs under strain rather than refusing anyone outright. `withCode`: past the client's own
 * counts too it runs under strain rather than being refused.
 */
function signInCounts<E extends AppEnv>(c: Context<E>, login: string, withCode = false): FailureCount[] {
  const client: FailureCount[] = [{ what: "signIn" }, nameCount(c, login)];
  return [...client.map((k) => (withCode ? { ...k, strain: true as const } : k)), { what: "signInAll", key: "all", strain: true }];
}

/** This client's failures on one login name. */
function nameCount<E extends AppEnv>(c: Context<E>, login: string): FailureCount {
  return { what: "signInName", key: `${clientPrefix(c)} ${loginKey(login)}` };
}

/** The Desk of the helpline this console request is for (`?helpline=`), if the member works there. */
const desk = (c: Context<StaffEnv>) => c.env.DESK.getByName(staffHelpline(c, c.var.staff));

/** Everything below needs a logged-in staff member. */
export const consoleRoutes = new Hono<StaffEnv>()
  .post("/api/logout", requireStaffEnrolling(...ALL_ROLES), async (c) => {
    await staffObject(c.env).logout(c.var.session.id);
    // The sockets opened with this session close with it (behind single sign-on there is none of ours).
    const { id } = c.var.session;
    if (id) await Promise.all(c.var.staff.helplines.map((h) => c.env.DESK.getByName(h).disconnectSession(id)));
    endSession(c);
    return c.body(null, 204);
  })
  // These two are open to a member who must still set up the second factor their role requires.
  .post("/api/console/totp", requireStaffEnrolling(...ALL_ROLES), async (c) => {
    const secret = await staffObject(c.env).startTotp(c.var.staff.id);
    const settings = await desk(c).settings();
    return c.json({ secret, uri: totpUri(secret, c.var.staff.login, settings.name) } satisfies TotpSetup);
  })
  .post("/api/console/totp/confirm", requireStaffEnrolling(...ALL_ROLES), jsonBody(TotpConfirmBody), async (c) => {
    const { code, current } = await readBody(c);
    return limitFailures(c, signInCounts(c, c.var.staff.login), async (failed) => {
      const result = await staffObject(c.env).confirmTotp(c.var.staff.id, code, current);
      if (result === "locked") fail(429, "rate_limited", "Too many failed attempts. Try again in 15 minutes.");
      if (result === "proof_missing" || result === "proof_wrong") {
        if (result === "proof_wrong") failed();
        fail(401, "code_required", "A second factor is on: enter its current code, or your password, to replace it.");
      }
      if (result === "bad_code") {
        failed();
        fail(400, "bad_request", "The code is not correct.");
      }
      return c.body(null, 204);
    });
  })
  .get("/api/console/canned", requireStaff(...CHAT_ROLES), async (c) => {
    const { cannedReplies } = await desk(c).settings();
    return c.json(cannedReplies satisfies HelplineSettings["cannedReplies"]);
  })
  .post("/api/console/status", requireStaff(...CHAT_ROLES), jsonBody(StatusBody), async (c) => {
    const body = await readBody(c);
    await desk(c).setStatus(c.var.staff, body.status, body.capacity);
    await staffObject(c.env).record(c.var.staff.id, "status", staffHelpline(c, c.var.staff));
    return c.body(null, 204);
  })
  .post("/api/console/chats/:id/accept", requireStaff(...CHAT_ROLES), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    const result = await desk(c).accept(id, c.var.staff);
    if (result === "away") fail(409, "conflict", "Set your status to available to accept chats.");
    if (result === "outreach_only") fail(403, "forbidden", "This chat came through an outreach link; the outreach team answers it.");
    if (result === "at_capacity") fail(409, "conflict", "You hold as many chats as your capacity allows.");
    if (result === "failed") fail(503, "internal", "The chat could not be opened just now; it is still waiting. Try again.");
    if (result !== "accepted") fail(409, "conflict", "This chat is no longer waiting.");
    await staffObject(c.env).record(c.var.staff.id, "accept", staffHelpline(c, c.var.staff));
    return c.body(null, 204);
  })
  .post("/api/console/chats/:id/transfer", requireStaff(...CHAT_ROLES), jsonBody(TransferBody), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    const body = await readBody(c);
    const result = await desk(c).transfer(id, c.var.staff, body.to, body.note);
    if (result === "not_yours") fail(403, "forbidden", "This chat is not yours to hand over.");
    if (result === "unavailable") fail(409, "conflict", "That colleague is not available for another chat.");
    if (result === "outreach_only") fail(409, "conflict", "This chat came through an outreach link; hand it to someone on the outreach team.");
    if (result === "failed") fail(503, "internal", "The chat could not be handed over just now; it stays with you. Try again.");
    await staffObject(c.env).record(c.var.staff.id, "transfer", staffHelpline(c, c.var.staff), body.to);
    return c.body(null, 204);
  })
  .post("/api/console/chats/:id/end", requireStaff(...CHAT_ROLES), jsonBody(Categorisation), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    const categories = await readBody(c);
    const result = await endChat(c.env, staffHelpline(c, c.var.staff), id, c.var.staff.id, categories);
    if (result === "not_yours") fail(403, "forbidden", "This chat is not yours.");
    if (result === "nothing_owed") fail(409, "conflict", "You have no ended chat to categorise.");
    return c.body(null, 204);
  })
  .get("/ws/console", requireStaff(...CHAT_ROLES), (c) =>
    forwardUpgrade(c.req.raw, desk(c), { kind: "staff", staff: c.var.staff, session: c.var.session }),
  )
  .get("/ws/console/chat/:id", requireStaff(...CHAT_ROLES), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    // Checked before the upgrade (and again at hello, which a hand-over may race): a chat of another
    // helpline is not even said to exist, and a colleague's chat is refused outright.
    const access = await c.env.CONVERSATION.getByName(id).counsellorAccess(c.var.staff.id, c.var.staff.helplines);
    if (access === "unknown") fail(404, "not_found", "This chat is not open.");
    if (access === "not_holder") fail(403, "forbidden", "You are not assigned to this chat.");
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "staff", staff: c.var.staff, session: c.var.session });
  })
  .get("/ws/console/observe/:id", requireStaff(...OBSERVER_ROLES), async (c) => {
    const id = await chatIdParam(c.env, c.req.param("id"));
    // Only open chats of the observer's own helplines: their Desk reaches the observing sockets when
    // the observer's account or session ends.
    const helpline = await c.env.CONVERSATION.getByName(id).helpline();
    if (!helpline || !c.var.staff.helplines.includes(helpline)) fail(404, "not_found", "This chat is not open.");
    if (!(await c.env.DESK.getByName(helpline).isOpen(id))) fail(404, "not_found", "This chat is not open.");
    const upgraded = await forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "observer", staff: c.var.staff, session: c.var.session });
    // Audited only once the observing socket exists.
    if (upgraded.status === 101) await staffObject(c.env).record(c.var.staff.id, "observe", helpline);
    return upgraded;
  });
