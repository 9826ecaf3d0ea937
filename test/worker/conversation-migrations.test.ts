/**
 * Every object migrates through worker/migrate.ts when it wakes. A chat is the one whose storage is made
 * on demand: a kept chat (up to a year old) still gets a step added since it was opened, while a chat
 * never opened, or erased, stays without a single table however often it is woken.
 */
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { connectVisitor, startChat, chatUnderWay } from "./helpers";
import { keepChat, resume, tablesOf } from "./keep";

function schemaVersion(conversationId: string): Promise<number> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ version: number }>("SELECT version FROM _schema").one().version,
  );
}

function metaColumns(conversationId: string): Promise<string[]> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('meta')").toArray().map((c) => c.name),
  );
}

describe("a chat's migrations", () => {
  it("reach a kept chat made under an older schema on its next wake", async () => {
    const { chat, visitor, counsellor } = await chatUnderWay();
    const { code } = await keepChat(chat);
    await visitor.next("kept");
    counsellor.send({ type: "end" });
    await visitor.closedWith();
    const current = await schemaVersion(chat.conversationId);

    // The chat as the schema before the last step (worker/watched-signal.ts) left it: one version
    // back, without that step's column. A new last step must be undone here instead.
    const stub = env.CONVERSATION.getByName(chat.conversationId);
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec("ALTER TABLE meta DROP COLUMN watched_counted");
      state.storage.sql.exec("UPDATE _schema SET version = ?", current - 1);
    });
    expect(await metaColumns(chat.conversationId), "the same instance does not migrate again").not.toContain("watched_counted");
    await evictDurableObject(stub);

    // Woken by its visitor's code: the step is applied before anything else runs.
    expect((await resume(code)).conversationId).toBe(chat.conversationId);
    expect(await metaColumns(chat.conversationId)).toContain("watched_counted");
    expect(await schemaVersion(chat.conversationId)).toBe(current);
  });

  it("leave a chat that was never opened, or was erased, without tables when it is woken", async () => {
    const never = env.CONVERSATION.getByName("never-opened-chat");
    expect(await never.helpline()).toBeNull();
    await evictDurableObject(never);
    expect(await never.helpline()).toBeNull();
    expect(await tablesOf("never-opened-chat")).toEqual([]);

    const chat = await startChat();
    const visitor = await connectVisitor(chat);
    visitor.send({ type: "end" });
    await visitor.closedWith();
    expect(await tablesOf(chat.conversationId)).toEqual([]);
    const erased = env.CONVERSATION.getByName(chat.conversationId);
    await evictDurableObject(erased);
    expect(await erased.helpline()).toBeNull();
    expect(await tablesOf(chat.conversationId)).toEqual([]);
  });
});
