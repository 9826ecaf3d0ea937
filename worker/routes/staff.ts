/** Routes for staff: first-run setup, login and logout, and the counsellor console. */
import { Hono } from "hono";
import { LoginBody, type SessionInfo, SetupBody } from "../../schema/http";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { CHAT_ROLES } from "../../schema/staff";
import { type AppEnv, fail, readJson } from "../http";
import { currentStaff, endSession, requireStaff, type StaffEnv, staffObject, startSession } from "../session";
import { conversationIdParam, forwardUpgrade } from "../sockets";

export const staffRoutes = new Hono<AppEnv>()
  .get("/api/session", async (c) => {
    const found = await currentStaff(c);
    const needsSetup = found ? false : await staffObject(c.env).needsSetup();
    return c.json({ staff: found?.staff ?? null, needsSetup } satisfies SessionInfo);
  })
  .post("/api/setup", async (c) => {
    const body = await readJson(c, SetupBody);
    const result = await staffObject(c.env).setup(body);
    if (result === "already_set_up") fail(409, "conflict", "Setup is already done.");
    if (result === "no_secret_configured") fail(403, "forbidden", "Setup is not enabled on this deployment.");
    if (result === "bad_secret") fail(403, "forbidden", "The setup secret is not correct.");
    return c.body(null, 201);
  })
  .post("/api/login", async (c) => {
    const body = await readJson(c, LoginBody);
    const result = await staffObject(c.env).login(body.login, body.password);
    if (!result.ok) fail(401, "unauthorized", "Login name or password is not correct.");
    startSession(c, result.token);
    return c.json({ staff: result.staff });
  });

/** Everything below needs a logged-in staff member. */
export const consoleRoutes = new Hono<StaffEnv>()
  .post("/api/logout", requireStaff("counsellor", "supervisor", "coordinator", "admin"), async (c) => {
    await staffObject(c.env).logout(c.var.sessionHash);
    endSession(c);
    return c.body(null, 204);
  })
  .post("/api/console/chats/:id/accept", requireStaff(...CHAT_ROLES), async (c) => {
    const id = conversationIdParam(c.req.param("id"));
    const result = await c.env.DESK.getByName(DEFAULT_HELPLINE).accept(id, c.var.staff);
    if (result !== "accepted") fail(409, "conflict", "This chat is no longer waiting.");
    await staffObject(c.env).record(c.var.staff.id, "accept", null);
    return c.body(null, 204);
  })
  .get("/ws/console", requireStaff(...CHAT_ROLES), (c) =>
    forwardUpgrade(c.req.raw, c.env.DESK.getByName(DEFAULT_HELPLINE), { kind: "staff", staff: c.var.staff }),
  )
  .get("/ws/console/chat/:id", requireStaff(...CHAT_ROLES), (c) => {
    const id = conversationIdParam(c.req.param("id"));
    return forwardUpgrade(c.req.raw, c.env.CONVERSATION.getByName(id), { kind: "staff", staff: c.var.staff });
  });
