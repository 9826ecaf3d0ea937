/**
 * The pages' typed call (web/shared/client.ts), run in Node against the test server: what it sends
 * for a route, how it reads an answer, and that every refusal arrives as an ApiFailure with the
 * worker's own error. Node's fetch needs a whole address and sends no Origin, which a browser adds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ApiFailure, call, failureMessage } from "../../web/shared/client";
import { baseUrl } from "./browser";

const realFetch = globalThis.fetch;
type Sent = { url: string; method: string; type: string | null; body: string | null };

/** Sends each call to the test server as a page of it would, and keeps what was sent. */
function throughServer(): Sent[] {
  const sent: Sent[] = [];
  globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ url: String(input), method: init?.method ?? "GET", type: headers.get("content-type"), body: (init?.body as string | null) ?? null });
    headers.set("origin", baseUrl());
    return realFetch(`${baseUrl()}${String(input)}`, { ...init, headers });
  };
  return sent;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

describe("the typed call", () => {
  it("asks for a route with its helpline and answers with the handler's JSON", async () => {
    const sent = throughServer();
    const info = await call("GET /api/helpline", { helpline: "baken" });
    expect(info.id).toBe("baken");
    expect(typeof info.openNow).toBe("boolean");
    expect(sent).toEqual([{ url: "/api/helpline?helpline=baken", method: "GET", type: null, body: null }]);
  });

  it("fills the path's parameters, escaped, and sends the body as JSON; a refusal is an ApiFailure with the worker's error", async () => {
    const sent = throughServer();
    const failure = await call("POST /api/console/chats/:id/escalate", { param: { id: "not/an-id" }, json: { reason: "immediate_danger" }, helpline: "baken" }).catch(
      (e: unknown) => e,
    );
    expect(sent).toEqual([
      { url: "/api/console/chats/not%2Fan-id/escalate?helpline=baken", method: "POST", type: "application/json", body: '{"reason":"immediate_danger"}' },
    ]);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(failureMessage(failure, "fallback")).toBe((failure as ApiFailure).body.message);
  });

  it("sends {} for a POST without a body", async () => {
    const sent = throughServer();
    const failure = await call("POST /api/logout").catch((e: unknown) => e);
    expect(sent).toEqual([{ url: "/api/logout", method: "POST", type: "application/json", body: "{}" }]);
    expect(failure).toMatchObject({ status: 401, body: { error: "unauthorized" } });
  });

  it("puts the query before the helpline, reads an empty answer as undefined, and an error without a body as internal", async () => {
    const urls: string[] = [];
    const answers = [new Response(null, { status: 204 }), new Response("<html>", { status: 502, statusText: "Bad Gateway" })];
    globalThis.fetch = async (input) => {
      urls.push(String(input));
      return answers.shift() ?? Response.error();
    };
    await expect(call("POST /api/closed-visit", { json: {}, helpline: "baken" })).resolves.toBeUndefined();
    const failure = await call("GET /api/dashboard", { query: { from: "2026-01-01", to: "2026-01-31" }, helpline: "baken" }).catch((e: unknown) => e);
    expect(urls[1]).toBe("/api/dashboard?from=2026-01-01&to=2026-01-31&helpline=baken");
    expect(failure).toMatchObject({ status: 502, body: { error: "internal", message: "Bad Gateway" } });
    expect(failureMessage(new Error("offline"), "Could not reach the server.")).toBe("Could not reach the server.");
  });
});
