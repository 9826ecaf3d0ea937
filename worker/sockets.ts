/** Hands an authenticated WebSocket upgrade to the object that owns the socket. */
import { IDENTITY_HEADER, type SocketIdentity } from "../schema/staff";
import { fail } from "./http";

/**
 * Builds a fresh request rather than forwarding the client's, so the only identity an object ever
 * sees is the one the worker established, and no client header or URL detail travels on.
 */
export function forwardUpgrade(
  request: Request,
  stub: { fetch(request: Request): Promise<Response> },
  identity: SocketIdentity,
): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") fail(426, "bad_request", "Expected a WebSocket upgrade.");
  return stub.fetch(
    new Request("https://internal/socket", {
      headers: { upgrade: "websocket", [IDENTITY_HEADER]: JSON.stringify(identity) },
    }),
  );
}
