/** JSON over HTTP to the worker, with its typed errors surfaced as exceptions. */
import type { ApiError } from "../../schema/http";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export async function api<T>(path: string, body?: unknown, method?: "PUT"): Promise<T> {
  const res = await fetch(path, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (res.ok) {
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = (await res.json().catch(() => null)) as ApiError | null;
  throw new ApiFailure(res.status, error?.error ? error : { error: "internal", message: res.statusText });
}
