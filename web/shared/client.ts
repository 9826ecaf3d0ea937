/**
 * The pages' one way to call the worker: `call("POST /api/chats/:id/keep", { param, json })`, typed by
 * the routes themselves (`AppType`, declarations written by `npm run typecheck`). A route's answer
 * arrives as the type its handler returns; any other status is an ApiFailure with the worker's typed
 * error. Hono's `hc` gives the same types, but its proxy costs the visitor page about 1.8 kB gzipped,
 * more than that page's budget has left, so this is a plain fetch typed like it.
 */
import type { ExtractSchema } from "hono/types";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { ApiError } from "../../schema/http";
import type { AppType } from "../../.types/worker/app";
import { forHelpline } from "./helpline";

type Schema = ExtractSchema<AppType>;
type Verb = "get" | "post" | "put";
type ApiPath = keyof Schema & `/api/${string}`;

/** Every API route, as its method and path: "GET /api/session", "POST /api/chats/:id/keep". */
export type Route = {
  [P in ApiPath]: { [M in keyof Schema[P] & `$${Verb}`]: M extends `$${infer V}` ? `${Uppercase<V>} ${P}` : never }[keyof Schema[P] & `$${Verb}`];
}[ApiPath];

type Endpoint<R extends Route> = R extends `${infer V} ${infer P extends ApiPath}` ? Schema[P][`$${Lowercase<V>}` & keyof Schema[P]] : never;

/** What a route answers when it succeeds: its JSON, or nothing for an empty answer (204). */
export type Answer<R extends Route> =
  Endpoint<R> extends infer E
    ? E extends { output: infer O; outputFormat: infer F; status: infer S }
      ? [Extract<S, SuccessStatusCode>] extends [never]
        ? never
        : F extends "json"
          ? O
          : undefined
      : never
    : never;

type Params<R extends Route> = Endpoint<R> extends { input: { param: infer P } } ? P : undefined;

/** The body a route declares (worker/http.ts jsonBody()); a route that declares none takes none. */
type Body<R extends Route> = Endpoint<R> extends { input: { json: infer J } } ? J : never;

type Options<R extends Route> = {
  /** The route's own path parameters (`:id`), required when it has them. */
  param?: Params<R>;
  /** The request body, as the route declares it; a POST or PUT without one sends `{}`. */
  json?: Body<R>;
  query?: Record<string, string>;
  /** The helpline the request is for (`?helpline=`); null leaves the choice to the worker. */
  helpline?: string | null;
  /** Sent even if the page closes meanwhile (the visitor's goodbye). */
  keepalive?: boolean;
};

type Args<R extends Route> = Params<R> extends undefined ? [options?: Options<R>] : [options: Options<R> & { param: Params<R> }];

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export async function call<R extends Route>(route: R, ...[options]: Args<R>): Promise<Answer<R>> {
  const [method = "GET", template = ""] = route.split(" ");
  const param: Record<string, string> = options?.param ?? {};
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(param[name] ?? ""));
  const query = new URLSearchParams(options?.query).toString();
  const res = await fetch(forHelpline(query ? `${path}?${query}` : path, options?.helpline ?? null), {
    method,
    headers: method === "GET" ? {} : { "content-type": "application/json" },
    body: method === "GET" ? null : JSON.stringify(options?.json ?? {}),
    credentials: "same-origin",
    cache: "no-store",
    keepalive: options?.keepalive ?? false,
  });
  if (res.ok) {
    const text = await res.text();
    // The route's own type, from its handler (Answer); JSON.parse cannot know it.
    return (text ? JSON.parse(text) : undefined) as Answer<R>;
  }
  const error = (await res.json().catch(() => null)) as ApiError | null;
  throw new ApiFailure(res.status, error?.error ? error : { error: "internal", message: res.statusText });
}

/** The worker's sentence for a failed call, or the page's own when the worker was not reached. */
export function failureMessage(error: unknown, fallback: string): string {
  return error instanceof ApiFailure ? error.body.message : fallback;
}
