import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { INVENTORY } from "../../schema/inventory";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { RESUME_INDEX_OBJECT } from "../../worker/resume-index";
import { OUTREACH_OBJECT } from "../../worker/outreach";
import { LIMITER_OBJECTS } from "../../worker/limiter-shards";
import { OWN_TABLES_SQL, accept, connectCounsellor, connectVisitor, loginAdmin, postJson, startChat } from "./helpers";
import { keepChat, post } from "./keep";

type Columns = Record<string, string[]>;

/** Every table and column an object's SQLite storage holds right now. */
function columnsOf(stub: DurableObjectStub): Promise<Columns> {
  return runInDurableObject(stub, (_obj, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>(String.raw`${OWN_TABLES_SQL} AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
      .toArray();
    return Object.fromEntries(
      tables.map(({ name }) => [name, sql.exec<{ name: string }>(`PRAGMA table_info("${name}")`).toArray().map((c) => c.name)]),
    );
  });
}

function listed(object: string): Columns {
  return Object.fromEntries(Object.entries(INVENTORY[object] ?? {}).map(([table, cols]) => [table, Object.keys(cols)]));
}

describe("the data inventory", () => {
  it("lists every table and column every object stores, after every flow", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat({ inDanger: true });
    const visitor = await connectVisitor(chat);
    await accept(cookie, chat.conversationId);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);
    visitor.send({ type: "send", cid: "1", text: "hallo" });
    await counsellor.next("msg");
    // Consent, details, a resume on another device, a guessed code, and a chat ended by its visitor.
    const kept = await keepChat(chat);
    // A warm handoff, proposed and agreed.
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "korte samenvatting" });
    const proposal = await visitor.next("handoff_proposal");
    visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    await visitor.next("handoff_made");
    const details = { ageBand: "16_17", gender: null, region: "utrecht" };
    expect((await postJson(`/api/console/chats/${chat.conversationId}/details`, details, { cookie })).status).toBe(204);
    expect((await post("/api/resume", { code: kept.code })).status).toBe(200);
    expect((await post("/api/resume", { code: "0000-0000-0000-0000" })).status).toBe(404);
    const other = await connectVisitor(await startChat());
    other.send({ type: "end" });
    await other.closedWith();
    await expect.poll(() => columnsOf(env.STATS.getByName(DEFAULT_HELPLINE))).toHaveProperty("counters");
    // An outreach link, made and used.
    const invite = await postJson("/api/outreach/invites", { channel: "snapchat" }, { cookie });
    expect(invite.status).toBe(201);

    const stores = {
      Conversation: await columnsOf(env.CONVERSATION.getByName(chat.conversationId)),
      Desk: await columnsOf(env.DESK.getByName(DEFAULT_HELPLINE)),
      Staff: await columnsOf(env.STAFF.getByName("staff")),
      Stats: await columnsOf(env.STATS.getByName(DEFAULT_HELPLINE)),
      ResumeIndex: await columnsOf(env.RESUME_INDEX.getByName(RESUME_INDEX_OBJECT)),
      // Every shard: each has the same tables.
      RateLimiter: Object.assign({}, ...(await Promise.all(LIMITER_OBJECTS.map((name) => columnsOf(env.RATE_LIMITER.getByName(name)))))),
      Outreach: await columnsOf(env.OUTREACH.getByName(OUTREACH_OBJECT)),
      Handoffs: await columnsOf(env.HANDOFFS.getByName(DEFAULT_HELPLINE)),
    };
    expect(Object.keys(stores).sort(), "every object class is checked").toEqual(Object.keys(INVENTORY).sort());
    for (const [object, tables] of Object.entries(stores)) {
      expect(Object.keys(tables).length, `${object} stores something`).toBeGreaterThan(0);
      // Exact equality: an unlisted column fails, and so does a listed one that no longer exists.
      expect(tables, `${object} storage vs. schema/inventory.ts`).toEqual(listed(object));
    }
  });

  it("gives every field a purpose, a legal basis and a retention", () => {
    for (const tables of Object.values(INVENTORY)) {
      for (const columns of Object.values(tables)) {
        for (const field of Object.values(columns)) {
          expect(field.purpose.length).toBeGreaterThan(3);
          expect(field.basis.length).toBeGreaterThan(3);
          expect(field.retention.length).toBeGreaterThan(3);
        }
      }
    }
  });
});
