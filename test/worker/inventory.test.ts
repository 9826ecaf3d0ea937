import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { INVENTORY } from "../../schema/inventory";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import { accept, connectCounsellor, connectVisitor, loginAdmin, startChat } from "./helpers";

type Columns = Record<string, string[]>;

/** Every table and column an object's SQLite storage holds right now. */
function columnsOf(stub: DurableObjectStub): Promise<Columns> {
  return runInDurableObject(stub, (_obj, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'")
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
  it("lists every table and column every object stores, after a full chat", async () => {
    const cookie = await loginAdmin();
    const chat = await startChat({ inDanger: true });
    const visitor = await connectVisitor(chat);
    await accept(cookie, chat.conversationId);
    const counsellor = await connectCounsellor(cookie, chat.conversationId);
    visitor.send({ type: "send", cid: "1", text: "hallo" });
    await counsellor.next("msg");

    const stores = {
      Conversation: await columnsOf(env.CONVERSATION.getByName(chat.conversationId)),
      Desk: await columnsOf(env.DESK.getByName(DEFAULT_HELPLINE)),
      Staff: await columnsOf(env.STAFF.getByName("staff")),
    };
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
