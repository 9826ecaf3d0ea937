/**
 * Erased means unreadable (privacy rule 9): after a kept chat ends, its notes and whispers are not in
 * the chat's database files any more, not even in free pages or the write-ahead log; after it is
 * deleted, its id is not in the files of the Desk or the resume index either. This runs the worker as
 * it deploys, with its state on disk here, and searches the objects' files (database, -wal, -shm) the
 * way `grep -a` would. Each search is first seen to find the text while it is stored. A warm handoff's
 * summary, withdrawn by the visitor, leaves the Handoffs object's files too.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, describe, expect, it } from "vitest";
import { bakenHttp } from "../../bench/baken-http.mjs";
import type { ServerFrame } from "../../schema/protocol";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import { ERASE_WITHIN_SECONDS } from "../../schema/erasure";
import { type Running, freePort, serve, tempState } from "./server";

const state = tempState();
let server: Running | null = null;
afterAll(async () => {
  await server?.stop();
  state.remove();
});

/** Whether any file of any object of this class holds `marker`. */
function onDisk(className: string, marker: string): boolean {
  const root = join(state.dir, "v3", "do");
  const dirs = readdirSync(root).filter((d) => d.endsWith(`-${className}`));
  expect(dirs.length).toBe(1);
  const dir = join(root, dirs[0] ?? "");
  return readdirSync(dir).some((file) => readFileSync(join(dir, file)).includes(marker));
}

/** A socket that has said hello, with every frame it got. */
async function connect(url: string, path: string, hello: object, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + path, { origin: url, headers });
  const frames: ServerFrame[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as ServerFrame));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.send(JSON.stringify({ type: "hello", since: 0, ...hello }));
  await expect.poll(() => frames.some((f) => f.type === "welcome"), { timeout: 10_000 }).toBe(true);
  return { ws, frames };
}

async function post(url: string, path: string, body: object, cookie?: string): Promise<Response> {
  return fetch(url + path, {
    method: "POST",
    headers: { origin: url, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

describe("erasing a chat", () => {
  it("leaves none of its deleted text, nor its id, in the objects' files", async () => {
    server = await serve(await freePort(), state.dir);
    const url = server.url;
    const http = bakenHttp(url);
    const cookie = await http.staffCookie();
    const chat = await http.startChat();
    await http.accept(cookie, chat.conversationId);
    const visitor = await connect(url, `/ws/chat/${chat.conversationId}`, { token: chat.token });
    const counsellor = await connect(url, `/ws/console/chat/${chat.conversationId}`, {}, { cookie });

    const kept = await post(url, `/api/chats/${chat.conversationId}/keep`, { token: chat.token, version: CONSENT_TEXT_VERSION });
    expect(kept.status).toBe(201);
    const { code } = (await kept.json()) as { code: string };

    // Markers no other text contains, so a hit can only be the stored line.
    const marker = crypto.randomUUID().replaceAll("-", "");
    const message = `message-${marker}`;
    const note = `note-${marker}`;
    const whisper = `whisper-${marker}`;
    const summary = `summary-${marker}`;
    visitor.ws.send(JSON.stringify({ type: "send", cid: "erase-1", text: message }));
    counsellor.ws.send(JSON.stringify({ type: "note", text: note }));
    counsellor.ws.send(JSON.stringify({ type: "whisper", text: whisper }));
    await expect.poll(() => visitor.frames.some((f) => f.type === "ack")).toBe(true);
    await expect.poll(() => counsellor.frames.filter((f) => f.type === "note" || f.type === "whisper").length).toBe(2);
    counsellor.ws.send(JSON.stringify({ type: "handoff_propose", partner: "csg", summary }));
    await expect.poll(() => visitor.frames.some((f) => f.type === "handoff_proposal")).toBe(true);
    // Stored with the chat until the visitor answers.
    expect(onDisk("Conversation", summary)).toBe(true);
    const proposal = visitor.frames.find((f) => f.type === "handoff_proposal");
    visitor.ws.send(JSON.stringify({ type: "handoff_answer", proposal: proposal?.type === "handoff_proposal" ? proposal.proposal : "", agree: true, version: HANDOFF_TEXT_VERSION }));
    await expect.poll(() => visitor.frames.some((f) => f.type === "handoff_made")).toBe(true);
    const made = visitor.frames.find((f) => f.type === "handoff_made");
    // The search sees what is stored.
    for (const text of [message, note, whisper]) expect(onDisk("Conversation", text), text).toBe(true);
    expect(onDisk("Handoffs", summary)).toBe(true);
    expect(onDisk("Desk", chat.conversationId)).toBe(true);
    expect(onDisk("ResumeIndex", chat.conversationId)).toBe(true);

    const ended = await post(url, `/api/console/chats/${chat.conversationId}/end`, { topic: "other", outcome: "information_given" }, cookie);
    expect(ended.status).toBe(204);
    // The kept transcript stays, as the visitor chose; the notes and whispers are gone from the files.
    expect(onDisk("Conversation", message)).toBe(true);
    expect(onDisk("Conversation", note)).toBe(false);
    expect(onDisk("Conversation", whisper)).toBe(false);
    expect(onDisk("Conversation", summary)).toBe(false);
    // The Desk forgot the chat at its end and rewrites its files within ERASE_WITHIN_SECONDS, by its alarm.
    await expect.poll(() => onDisk("Desk", chat.conversationId), { timeout: ERASE_WITHIN_SECONDS * 1000 + 20_000, interval: 500 }).toBe(false);

    // The visitor deletes the kept chat with its code: nothing of it is left anywhere.
    expect((await post(url, "/api/resume/delete", { code })).status).toBe(204);
    expect(onDisk("Conversation", message)).toBe(false);
    expect(onDisk("ResumeIndex", chat.conversationId)).toBe(false);
    // And withdraws the handoff with its own code.
    expect((await post(url, "/api/handoffs/withdraw", { code: made?.type === "handoff_made" ? made.code : "" })).status).toBe(204);
    expect(onDisk("Handoffs", summary)).toBe(false);
    visitor.ws.close();
    counsellor.ws.close();
  });
});
