/** Deployment configuration from wrangler vars and secrets, parsed once per request. */
import * as z from "zod/mini";
import { DEFAULT_HELPLINE, HelplineEntry } from "./helpline";
import { LIMITS } from "./limits";
import { Role } from "./staff";

const seconds = z.pipe(z.coerce.number(), z.int().check(z.positive()));

/** The helplines, as JSON in a wrangler var: ids unique, at least one; the first is the default. */
const Helplines = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.issues.push({ code: "custom", message: "HELPLINES is not JSON", input: text });
      return z.NEVER;
    }
  }),
);

export const EnvConfig = z.object({
  /** The helplines this deployment serves (JSON list of HelplineEntry). Unset: one, DEFAULT_HELPLINE. */
  HELPLINES: z._default(
    z.pipe(
      z.pipe(
        Helplines,
        z.array(HelplineEntry).check(
          z.minLength(1),
          z.refine((list) => new Set(list.map((h) => h.id)).size === list.length, "helpline ids must be unique"),
        ),
      ),
      // At least one, as checked above: the first is the default, and the type says it is there.
      z.transform((list) => list as [HelplineEntry, ...HelplineEntry[]]),
    ),
    [{ id: DEFAULT_HELPLINE, hosts: [], settings: {} }],
  ),
  /** How long a started chat waits for its visitor's first hello before it is erased unseen: a chat
   *  enters the queue only once its visitor is there, so a script that posts starts cannot fill it. */
  ARRIVAL_SECONDS: z._default(seconds, 60),
  /** How long a chat waits for a vanished visitor before it is deleted as abandoned. */
  ABANDON_GRACE_SECONDS: z._default(seconds, 1800),
  /** How long a visitor's socket may show no sign of life (no keep-alive ping, no frame) before the
   *  alarm treats it as gone: a phone that loses its network sends no close frame. The pages ping
   *  every 25 seconds. Also how often the alarm looks while a visitor is connected. */
  STALE_SOCKET_SECONDS: z._default(seconds, 90),
  /** The key of the MAC in every chat id (worker/chat-id.ts): with it the Worker refuses a made-up id
   *  before any object exists for it. A wrangler secret; changing it makes every open and kept chat
   *  unreachable. */
  CHAT_ID_KEY: z.string().check(z.minLength(32)),
  /** One-time secret that unlocks the first-run setup of the first admin account. */
  SETUP_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** Extra origins, comma separated, allowed besides the worker's own (e.g. a staging host). */
  ALLOWED_ORIGINS: z._default(z.string(), ""),
  /** The jurisdiction every Durable Object is created in ("eu" in staging and production: the chats of
   *  a Dutch helpline stay in the EU). Unset: anywhere, as locally, where workerd has no jurisdictions. */
  DO_JURISDICTION: z.optional(z.enum(["eu", "fedramp", "fedramp-high"])),
  /** Cloudflare Access team domain, e.g. https://example.cloudflareaccess.com; with ACCESS_AUD it turns
   *  single sign-on on for staff: the Access JWT then identifies the staff member. */
  ACCESS_TEAM_DOMAIN: z.optional(z.url()),
  /** The Access application's audience (AUD) tag. */
  ACCESS_AUD: z.optional(z.string().check(z.minLength(1))),
  /** Messages one side of a chat may send per minute. Only the load harness and fault tests raise it (BENCHMARKS.md);
   *  production keeps the default. */
  MESSAGES_PER_MINUTE: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), LIMITS.messagesPerMinute),
  /** Chats the whole helpline takes per minute; past it a visitor is told honestly that it is very busy
   *  and shown the alternatives. Far above a real evening (a few a minute), far below a flood from
   *  many addresses. Only the load harness and tests that start many chats at once raise it. */
  STARTS_PER_MINUTE: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), 60),
  /** Urgent starts from one network per hour that go first (see worker/start-window.ts). */
  URGENT_FIRST_PER_HOUR: z._default(z.pipe(z.coerce.number(), z.int().check(z.nonnegative())), LIMITS.urgentFirstPerHour),
  /** The most work a chat start is asked to show, in bits (worker/start-gate.ts); each bit doubles a phone's
   *  wait, and the default keeps the slowest phone within seconds (BENCHMARKS.md). 0 turns the proof of work
   *  off: only the load harness and fault tests, which post starts without a page, set that. */
  START_WORK_MAX_BITS: z._default(z.pipe(z.coerce.number(), z.int().check(z.nonnegative(), z.lte(24))), LIMITS.startWorkMaxBits),
  /** Roles that must have a second factor, comma separated, at a helpline whose admins have not chosen
   *  (worker/second-factor-roles.ts); `none` for none. Only the test suites and the load harness, whose
   *  admins sign in many times a minute without an authenticator app, set `none`; the tests of the
   *  requirement itself have an admin choose. */
  SECOND_FACTOR_ROLES: z._default(
    z.pipe(
      z.string(),
      z.pipe(
        z.transform((text: string) => text.split(",").map((r) => r.trim()).filter((r) => r !== "" && r !== "none")),
        z.array(Role),
      ),
    ),
    ["admin", "supervisor"],
  ),
  /** Chats one client may start per 10 minutes. Only the load harness and the fault and browser tests, which
   *  start many chats from one address, raise it; production keeps the default. */
  CHAT_STARTS_PER_WINDOW: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), LIMITS.chatStartsPerWindow),
  /** Visitor chat sockets one client may open per 10 minutes. Only the load harness and the fault and browser
   *  tests, which open every socket from one address, raise it; production keeps the default. */
  VISITOR_SOCKETS_PER_WINDOW: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), LIMITS.visitorSocketsPerWindow),
});
export type EnvConfig = z.infer<typeof EnvConfig>;
