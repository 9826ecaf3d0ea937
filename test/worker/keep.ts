/** Test helpers for kept conversations: consent, resume and delete over HTTP, with a chosen client address. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { ConsentResponse, ResumeResponse } from "../../schema/consent";
import type { StartChatResponse } from "../../schema/http";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { OWN_TABLES_SQL, request } from "./helpers";

let clients = 0;
/** A fresh client address per call, so one test's attempts never count against another's. */
export function newAddress(): string {
  clients += 1;
  return `198.51.100.${clients}`;
}

export function post(path: string, body: unknown, address = newAddress()): Promise<Response> {
  return request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify(body),
  });
}

export async function keepChat(chat: StartChatResponse): Promise<ConsentResponse> {
  const res = await post(`/api/chats/${chat.conversationId}/keep`, { token: chat.token, version: CONSENT_TEXT_VERSION });
  expect(res.status).toBe(201);
  return res.json<ConsentResponse>();
}

export async function resume(code: string): Promise<ResumeResponse> {
  const res = await post("/api/resume", { code });
  expect(res.status).toBe(200);
  return res.json<ResumeResponse>();
}

/** Every row of every table an object stores, and every key-value entry, as one JSON text. */
export function dump(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, async (_obj, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>(OWN_TABLES_SQL)
      .toArray();
    const rows = Object.fromEntries(tables.map(({ name }) => [name, sql.exec(`SELECT * FROM "${name}"`).toArray()]));
    const kv = Object.fromEntries(await state.storage.list());
    return JSON.stringify({ rows, kv });
  });
}

export function tablesOf(conversationId: string): Promise<string[]> {
  return runInDurableObject(env.CONVERSATION.getByName(conversationId), (_obj, state) =>
    state.storage.sql
      .exec<{ name: string }>(OWN_TABLES_SQL)
      .toArray()
      .map((r) => r.name),
  );
}
