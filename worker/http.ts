/**
 * HTTP plumbing shared by the routes: typed errors, bounded JSON bodies, the Origin check and the
 * security headers every response carries.
 */
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type * as z from "zod/mini";
import type { ApiError, ApiErrorCode } from "../schema/http";
import { LIMITS } from "../schema/limits";
import { config } from "./config";
import { logEvent } from "./log";

export type AppEnv = {
  Bindings: Env;
  /** Set by a route that may be framed (the embed page): the origins allowed to frame it. */
  Variables: {
    frameAncestors?: readonly string[];
    /** Set by jsonBody(): the route's JSON body schema and size cap, read by readBody(). */
    body?: { schema: z.ZodMiniType; maxBytes: number };
  };
};

/** Throws the one kind of error the app's error handler turns into a typed JSON answer. */
export function fail(status: ContentfulStatusCode, error: ApiErrorCode, message: string, headers?: HeadersInit): never {
  const body: ApiError = { error, message };
  throw new HTTPException(status, { res: Response.json(body, { status, headers }) });
}

/** A route's declared body: what the pages may send (its input) and what its handler reads (its output). */
type BodyInput<S extends z.ZodMiniType> = { in: { json: z.input<S> }; out: { json: z.output<S> } };

/**
 * Declares a route's JSON body, so its type reaches the pages through the app's type
 * (web/shared/client.ts). It parses nothing: the handler reads the body with readBody() where it
 * chooses, so what the handler puts first (a rate limit, a proof of work) still comes first.
 */
export function jsonBody<S extends z.ZodMiniType>(schema: S, maxBytes: number = LIMITS.bodyBytes): MiddlewareHandler<AppEnv, string, BodyInput<S>> {
  return async (c, next) => {
    c.set("body", { schema, maxBytes });
    await next();
  };
}

/** The body the route declared with jsonBody(), read and parsed now; anything else is a 400 or 413. */
export async function readBody<O, E extends AppEnv>(c: Context<E, string, { out: { json: O } }>): Promise<O> {
  const declared = c.get("body");
  if (!declared) throw new Error("readBody on a route that declares no jsonBody()");
  // The schema jsonBody() stored is the one whose output the route's type says (BodyInput).
  return (await readJson(c, declared.schema, declared.maxBytes)) as O;
}

/** Reads a JSON body of bounded size and parses it with a schema; anything else is a 400 or 413. */
async function readJson<S extends z.ZodMiniType, E extends AppEnv>(
  c: Context<E>,
  schema: S,
  maxBytes: number = LIMITS.bodyBytes,
): Promise<z.infer<S>> {
  const text = await readCapped(c.req.raw, maxBytes);
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    fail(400, "bad_request", "Body is not valid JSON.");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    // The first problem, in the schema's own words, so a person can fix the form (never the input).
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    fail(400, "bad_request", `Body does not match the expected shape (${where}${issue?.message ?? "invalid"}).`);
  }
  return result.data;
}

/**
 * The body as text, refused with a 413 as soon as it is known to pass `maxBytes`: at once when the
 * declared Content-Length says so, and otherwise while it streams in, so a body without a length, or
 * with one that lies, is never held in memory past the cap (the rest is cancelled unread).
 */
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => fail(413, "too_large", "Request body too large.");
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * Refuses state-changing requests and WebSocket upgrades whose Origin is not this site's own (or an
 * explicitly allowed one): the defence against cross-site request forgery and socket hijacking.
 */
export const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  const safe = c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS";
  if (upgrade || !safe) {
    const origin = c.req.header("origin");
    const allowed = [new URL(c.req.url).origin, ...config(c.env).ALLOWED_ORIGINS.split(",").map((o) => o.trim())];
    if (!origin || !allowed.includes(origin)) {
      logEvent("http.refused_origin", { upgrade });
      fail(403, "forbidden", "Request from a foreign origin refused.");
    }
  }
  await next();
};

const CSP_BASE = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** Every response, pages and API alike, gets the same strict headers. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status === 101) return;
  // Responses from the assets binding have immutable headers; copy once to set ours.
  c.res = new Response(c.res.body, c.res);
  const h = c.res.headers;
  const framers = c.get("frameAncestors");
  const frameAncestors = framers?.length ? framers.join(" ") : "'none'";
  h.set("Content-Security-Policy", [...CSP_BASE, `frame-ancestors ${frameAncestors}`].join("; "));
  h.set("Referrer-Policy", "no-referrer");
  h.set("X-Content-Type-Options", "nosniff");
  // X-Frame-Options cannot name origins; CSP frame-ancestors governs the embed page alone.
  if (!framers?.length) h.set("X-Frame-Options", "DENY");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (c.req.path.startsWith("/api/")) h.set("Cache-Control", "no-store");
  // Only over https (production): a browser told this over http://localhost would refuse plain local
  // development for a year. No includeSubDomains: the organisation's other hosts are not ours to bind.
  if (new URL(c.req.url).protocol === "https:") h.set("Strict-Transport-Security", "max-age=31536000");
};
