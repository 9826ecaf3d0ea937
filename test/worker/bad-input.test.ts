import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mintChatId } from "../../worker/chat-id";
import { LIMITS } from "../../schema/limits";
import { CloseCode } from "../../schema/protocol";
import { TestSocket, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";

describe("frames that do not follow the protocol", () => {
  it.each([
    ["malformed JSON", "{not json", "bad_json"],
    ["an unknown frame type", JSON.stringify({ type: "shout", text: "hi" }), "bad_frame"],
    ["extra fields", JSON.stringify({ type: "typing", html: "<b>" }), "bad_frame"],
    ["a send without cid", JSON.stringify({ type: "send", text: "hi" }), "bad_frame"],
    ["an empty message", JSON.stringify({ type: "send", cid: "x", text: "   " }), "bad_frame"],
    ["a message over the length limit", JSON.stringify({ type: "send", cid: "x", text: "a".repeat(LIMITS.messageChars + 1) }), "too_large"],
    ["an oversize frame", "x".repeat(LIMITS.frameChars + 1), "too_large"],
    ["a JSON array", "[]", "bad_frame"],
    ["a negative read receipt", JSON.stringify({ type: "read", seq: -1 }), "bad_frame"],
  ])("answers %s with a typed error and keeps the socket usable", async (_name, raw, code) => {
    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.sendRaw(raw);
    expect(await visitor.next("error")).toMatchObject({ type: "error", code });
    visitor.send({ type: "send", cid: "after", text: "nog bruikbaar" });
    expect(await visitor.next("ack")).toEqual({ type: "ack", cid: "after", seq: 1 });
  });

  it("answers a hello with a negative since with a typed error, and takes a correct hello after it", async () => {
    const chat = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    socket.send({ type: "hello", token: chat.token, since: -1 });
    expect(await socket.next("error")).toMatchObject({ type: "error", code: "bad_frame" });
    expect(socket.all("welcome")).toEqual([]);
    socket.send({ type: "hello", token: chat.token, since: 0 });
    expect((await socket.next("welcome")).lastSeq).toBe(0);
    socket.send({ type: "send", cid: "after", text: "nog bruikbaar" });
    expect(await socket.next("ack")).toEqual({ type: "ack", cid: "after", seq: 1 });
  });

  it("refuses binary frames", async () => {
    const visitor = await connectVisitor(await startChat());
    visitor.sendRaw(new Uint8Array([104, 105]).buffer as ArrayBuffer);
    expect((await visitor.next("error")).code).toBe("bad_frame");
  });

  it("requires hello before anything else, then accepts it", async () => {
    const chat = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    socket.send({ type: "send", cid: "early", text: "te vroeg" });
    expect((await socket.next("error")).code).toBe("hello_required");
    socket.send({ type: "hello", token: chat.token, since: 0 });
    expect((await socket.next("welcome")).lastSeq).toBe(0);
  });

  it("closes the socket of a wrong token with a clear code", async () => {
    const chat = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    socket.send({ type: "hello", token: "A".repeat(43), since: 0 });
    expect((await socket.closedWith()).code).toBe(CloseCode.unauthorized);
  });

  it("refuses a visitor token on another conversation", async () => {
    const mine = await startChat();
    const theirs = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${theirs.conversationId}`);
    socket.send({ type: "hello", token: mine.token, since: 0 });
    expect((await socket.closedWith()).code).toBe(CloseCode.unauthorized);
  });

  it("refuses a hello without token on a visitor socket", async () => {
    const chat = await startChat();
    const socket = await TestSocket.open(`/ws/chat/${chat.conversationId}`);
    socket.send({ type: "hello", since: 0 });
    expect((await socket.closedWith()).code).toBe(CloseCode.unauthorized);
  });

  it("refuses a counsellor who is not assigned to the chat before the upgrade", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat();
    const res = await request(`/ws/console/chat/${chat.conversationId}`, { cookie, headers: { upgrade: "websocket" } });
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
  });

  it("closes sockets to chats that are gone, and refuses malformed or made-up ids", async () => {
    // An id this deployment minted whose chat is gone (here: never opened) reaches the object, which says so.
    const gone = await TestSocket.open(`/ws/chat/${await mintChatId(env)}`);
    expect((await gone.closedWith()).code).toBe(CloseCode.gone);
    for (const id of ["not-an-id", "a".repeat(22), "a".repeat(44)]) {
      const res = await request(`/ws/chat/${id}`, { headers: { upgrade: "websocket" } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: "not_found" });
    }
  });
});

describe("requests from a foreign origin", () => {
  it("refuses a WebSocket upgrade from another site", async () => {
    const chat = await startChat();
    const res = await request(`/ws/chat/${chat.conversationId}`, { headers: { upgrade: "websocket" }, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
  });

  it("refuses an upgrade without an Origin header", async () => {
    const chat = await startChat();
    const res = await request(`/ws/chat/${chat.conversationId}`, { headers: { upgrade: "websocket" }, origin: null });
    expect(res.status).toBe(403);
  });

  it("refuses a POST from another site, before it reaches any object", async () => {
    const res = await postJson("/api/chats", {}, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "forbidden", message: "Request from a foreign origin refused." });
  });

  it("refuses a console socket from another site even with a valid session", async () => {
    const cookie = await loginAdmin();
    const res = await request("/ws/console", { headers: { upgrade: "websocket" }, cookie, origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("HTTP bodies", () => {
  it.each([
    ["not JSON", "{", 400],
    ["the wrong shape", JSON.stringify({ inDanger: "yes" }), 400],
    ["unknown fields", JSON.stringify({ inDanger: false, name: "Jan" }), 400],
    ["too large", JSON.stringify({ pad: "x".repeat(LIMITS.bodyBytes) }), 413],
  ])("answers a start-chat body that is %s with a typed error", async (_name, body, status) => {
    const res = await request("/api/chats", { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(status);
    const json = await res.json<{ error: string; message: string }>();
    expect(typeof json.message).toBe("string");
    expect(json.error).toBe(status === 413 ? "too_large" : "bad_request");
  });

});
