/**
 * Canaries: full flows run with unique markers in the message text and in the client's address and
 * user agent headers, while every console line and, afterwards, every object's storage is captured.
 * The address and user-agent markers may appear nowhere; the text marker only inside the transcript
 * of the conversation its visitor chose to keep.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { RESUME_INDEX_OBJECT } from "../../worker/resume-index";
import { LIMITER_OBJECTS } from "../../worker/limiter-shards";
import { accept, clientHeaders, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { dump, keepChat } from "./keep";

const unique = crypto.randomUUID().slice(0, 8);
const MARK = {
  text: `canary-text-${unique}`,
  address: `192.0.2.${(parseInt(unique.slice(0, 2), 16) % 250) + 3}`,
  forwarded: `canary-xff-${unique}`,
  agent: `CanaryAgent/${unique}`,
};

const logged: string[] = [];
beforeAll(() => {
  Object.assign(clientHeaders, {
    "cf-connecting-ip": MARK.address,
    "x-forwarded-for": `${MARK.forwarded}, ${MARK.address}`,
    "user-agent": MARK.agent,
  });
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      original(...args);
    });
  }
});
afterAll(() => {
  vi.restoreAllMocks();
  for (const name of Object.keys(clientHeaders)) delete clientHeaders[name];
});

/** A chat that goes back and forth with the text marker in both directions. */
async function talk(cookie: string, inDanger: boolean | null) {
  const chat = await startChat({ inDanger });
  const visitor = await connectVisitor(chat);
  visitor.send({ type: "send", cid: "a", text: `ik ben ${MARK.text} en ik woon in Utrecht` });
  expect((await accept(cookie, chat.conversationId)).status).toBe(204);
  const counsellor = await connectCounsellor(cookie, chat.conversationId);
  expect((await counsellor.next("msg")).text).toContain(MARK.text);
  counsellor.send({ type: "send", cid: "b", text: `je zei ${MARK.text}` });
  await visitor.next("msg");
  // A bad frame and an oversize one, so the error paths log too.
  visitor.sendRaw(`{"type":"send","cid":"x","text":"${MARK.text}"`);
  await visitor.next("error");
  return { chat, visitor, counsellor };
}

describe("canaries", () => {
  it("leave the address and user agent nowhere, and the text only in a consented transcript", async () => {
    const cookie = await loginAdmin();

    // 1. Not kept: ended by the counsellor.
    const plain = await talk(cookie, true);
    plain.counsellor.send({ type: "end" });
    await plain.visitor.closedWith();
    // Its visitor answers the survey with the ticket the end handed them.
    const ticket = plain.visitor.all("ended")[0]?.survey;
    expect((await postJson("/api/survey", { ticket, helped: "yes", again: "maybe" })).status).toBe(204);

    // 2. Kept, details recorded, ended, resumed with its code.
    const kept = await talk(cookie, false);
    const consent = await keepChat(kept.chat);
    await kept.counsellor.next("kept");
    const details = { ageBand: "12_15", gender: "boy_man", region: "zeeland" };
    expect((await postJson(`/api/console/chats/${kept.chat.conversationId}/details`, details, { cookie })).status).toBe(204);
    kept.visitor.send({ type: "end" });
    await kept.visitor.closedWith();
    expect((await postJson("/api/resume", { code: consent.code })).status).toBe(200);

    // 3. Kept, then withdrawn.
    const withdrawn = await talk(cookie, null);
    await keepChat(withdrawn.chat);
    expect((await postJson(`/api/chats/${withdrawn.chat.conversationId}/withdraw`, { token: withdrawn.chat.token })).status).toBe(204);

    // 4. Guessing codes until limited, a bad token, and the dashboard with its export.
    for (let i = 0; i < 11; i++) await postJson("/api/resume/delete", { code: `${MARK.text}` });
    expect((await postJson("/api/resume", { code: "ABCD-EFGH-JKMN-PQRS" })).status).toBe(429);
    expect((await postJson(`/api/chats/${plain.chat.conversationId}/keep`, { token: MARK.text, version: "x" })).status).toBeGreaterThanOrEqual(400);
    expect((await request("/api/dashboard?from=2026-01-01&to=2026-12-31", { cookie })).status).toBe(200);
    expect((await request("/api/dashboard.csv?from=2026-01-01&to=2026-12-31", { cookie })).status).toBe(200);
    await expect.poll(async () => (await dump(env.CONVERSATION.getByName(plain.chat.conversationId))).includes("messages")).toBe(false);

    // 5. A chat still open (it holds its network's keyed hash), and one whose visitor is blocked.
    const open = await talk(cookie, false);
    const blocked = await talk(cookie, null);
    expect((await postJson(`/api/console/chats/${blocked.chat.conversationId}/block`, { minutes: 60 }, { cookie })).status).toBe(200);
    await blocked.visitor.closedWith();

    const stores: Record<string, string> = {
      plain: await dump(env.CONVERSATION.getByName(plain.chat.conversationId)),
      kept: await dump(env.CONVERSATION.getByName(kept.chat.conversationId)),
      open: await dump(env.CONVERSATION.getByName(open.chat.conversationId)),
      blocked: await dump(env.CONVERSATION.getByName(blocked.chat.conversationId)),
      withdrawn: await dump(env.CONVERSATION.getByName(withdrawn.chat.conversationId)),
      desk: await dump(env.DESK.getByName(DEFAULT_HELPLINE)),
      staff: await dump(env.STAFF.getByName("staff")),
      stats: await dump(env.STATS.getByName(DEFAULT_HELPLINE)),
      resumeIndex: await dump(env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT)),
      rateLimiter: (await Promise.all(LIMITER_OBJECTS.map((name) => dump(env.RATE_LIMITER.getByName(name))))).join("\n"),
    };
    const everything = [...Object.values(stores), ...logged];
    expect(logged.length, "the flows did log").toBeGreaterThan(5);
    for (const marker of [MARK.address, MARK.forwarded, MARK.agent]) {
      expect(everything.filter((text) => text.includes(marker)), marker).toEqual([]);
    }
    expect(logged.filter((line) => line.includes(MARK.text)), "text in logs").toEqual([]);
    // The open chat holds its network only as a keyed hash (the address check above covers it).
    const openRows = JSON.parse(stores.open ?? "{}") as { rows: { network?: { tag: unknown }[] } };
    expect(typeof openRows.rows.network?.[0]?.tag).toBe("string");
    for (const [name, stored] of Object.entries(stores)) {
      // An open chat holds its messages until it ends; a kept one until its retention ends.
      if (name !== "kept" && name !== "open") expect(stored, name).not.toContain(MARK.text);
    }
    // Inside the kept conversation, only its messages hold the text.
    const keptRows = JSON.parse(stores.kept ?? "{}") as { rows: Record<string, unknown[]>; kv: object };
    expect(JSON.stringify(keptRows.rows.messages)).toContain(MARK.text);
    const { messages: _messages, ...rest } = keptRows.rows;
    expect(JSON.stringify({ rest, kv: keptRows.kv })).not.toContain(MARK.text);
  });
});
