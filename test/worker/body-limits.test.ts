import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../schema/limits";
import { ORIGIN, freshNetwork } from "./helpers";

const CHUNK = 1024;

/** A body that streams `chunks` pieces of 1 KiB and records how much of it the worker pulled. */
function trackedBody(chunks: number, start = "") {
  const seen = { pulled: 0, cancelled: false };
  const piece = new TextEncoder().encode("x".repeat(CHUNK));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0 && start) controller.enqueue(new TextEncoder().encode(start));
      else if (sent >= chunks) return controller.close();
      else controller.enqueue(piece);
      sent++;
      seen.pulled += 1;
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  const request = new Request(`${ORIGIN}/api/chats`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": freshNetwork(), ...headers },
  });
  return exports.default.fetch(request);
}

describe("bounded request bodies", () => {
  // The first request wakes the worker and its objects, which on a busy machine eats a test's time.
  beforeAll(async () => {
    await (await post("{}")).arrayBuffer();
  }, 60_000);

  it("refuses a declared Content-Length over the cap with 413 before reading any of the body", async () => {
    const { stream, seen } = trackedBody(4096);
    const res = await post(stream, { "content-length": String(4096 * CHUNK) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "too_large" });
    // A stream fills its small queue (two pieces) on its own; nothing more is asked of it.
    expect(seen.pulled).toBeLessThanOrEqual(2);
  });

  it("stops reading a body without a Content-Length at the cap, answers 413 and cancels the rest", async () => {
    const { stream, seen } = trackedBody(4096);
    const res = await post(stream);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "too_large" });
    expect(seen.pulled * CHUNK).toBeLessThanOrEqual(LIMITS.bodyBytes + 2 * CHUNK);
    expect(seen.cancelled).toBe(true);
  });

  it("stops at the cap when the Content-Length lies", async () => {
    const lying = trackedBody(4096);
    const res = await post(lying.stream, { "content-length": "2" });
    expect(res.status).toBe(413);
    expect(lying.seen.pulled * CHUNK).toBeLessThanOrEqual(LIMITS.bodyBytes + 2 * CHUNK);
  });

  it("counts bytes, not characters: a body of multi-byte characters over the cap in bytes is refused", async () => {
    const text = JSON.stringify({ pad: "é".repeat(LIMITS.bodyBytes / 2) });
    expect(text.length).toBeLessThan(LIMITS.bodyBytes);
    expect((await post(text)).status).toBe(413);
  });

  it("still reads a small streamed body without a Content-Length", async () => {
    const { stream } = trackedBody(0, "{}");
    expect((await post(stream)).status).toBe(201);
  });
});
