/**
 * Checked by `npm run typecheck`, never run: what the typed client must refuse at compile time. Each
 * `@ts-expect-error` fails the typecheck once the error it expects is gone, so a route whose body or
 * answer type stopped reaching the pages is caught here.
 */
import { call } from "../../web/shared/client";

export async function refusedAtCompileTime(): Promise<void> {
  // @ts-expect-error: "asleep" is not a status the route's body schema allows.
  await call("POST /api/console/status", { json: { status: "asleep", capacity: 2 } });
  // @ts-expect-error: the body lacks the capacity the schema requires.
  await call("POST /api/console/status", { json: { status: "available" } });
  // @ts-expect-error: the route has a path parameter, so `param` is required.
  await call("POST /api/chats/:id/exit", { json: { token: "t" } });
  // @ts-expect-error: no such route.
  await call("POST /api/no-such-route");
  const started = await call("POST /api/chats", { json: {} });
  // @ts-expect-error: the start answers a conversationId and a token, nothing else.
  started.unknownField;
  // Accepted as typed: the answer's fields are there with their types.
  const id: string = started.conversationId;
  void id;
}
