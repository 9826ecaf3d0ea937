/** Deployment configuration from wrangler vars and secrets, parsed once per request. */
import * as z from "zod/mini";
import { LIMITS } from "./limits";

const seconds = z.pipe(z.coerce.number(), z.int().check(z.positive()));

export const EnvConfig = z.object({
  /** How long a chat waits for a vanished visitor before it is deleted as abandoned. */
  ABANDON_GRACE_SECONDS: z._default(seconds, 1800),
  /** One-time secret that unlocks the first-run setup of the first admin account. */
  SETUP_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** Extra origins, comma separated, allowed besides the worker's own (e.g. a staging host). */
  ALLOWED_ORIGINS: z._default(z.string(), ""),
  /** Cloudflare Access team domain, e.g. https://example.cloudflareaccess.com; with ACCESS_AUD it turns
   *  single sign-on on for staff: the Access JWT then identifies the staff member. */
  ACCESS_TEAM_DOMAIN: z.optional(z.url()),
  /** The Access application's audience (AUD) tag. */
  ACCESS_AUD: z.optional(z.string().check(z.minLength(1))),
  /** Messages one side of a chat may send per minute. Only the load harness and fault tests raise it (BENCHMARKS.md);
   *  production keeps the default. */
  MESSAGES_PER_MINUTE: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), LIMITS.messagesPerMinute),
  /** Chats one client may start per 10 minutes. Only the load harness and the fault and browser tests, which
   *  start many chats from one address, raise it; production keeps the default. */
  CHAT_STARTS_PER_WINDOW: z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), LIMITS.chatStartsPerWindow),
});
export type EnvConfig = z.infer<typeof EnvConfig>;
