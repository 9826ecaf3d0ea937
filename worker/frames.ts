/**
 * Where every incoming chat frame is parsed. A frame that fails here is answered with a typed error
 * frame and never reaches a Durable Object's logic.
 */
import type { DeskFrame } from "../schema/desk";
import { ClientFrame, type ErrorCode, type ServerFrame } from "../schema/protocol";
import { LIMITS } from "../schema/limits";

export type Parsed = { ok: true; frame: ClientFrame } | { ok: false; code: ErrorCode; message: string };

export function parseClientFrame(raw: string | ArrayBuffer): Parsed {
  if (typeof raw !== "string") return { ok: false, code: "bad_frame", message: "Frames are JSON text." };
  if (raw.length > LIMITS.frameChars) return { ok: false, code: "too_large", message: "Frame too large." };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: "bad_json", message: "Frame is not valid JSON." };
  }
  const result = ClientFrame.safeParse(json);
  if (!result.success) {
    const tooLong = result.error.issues.some((i) => i.code === "too_big");
    return tooLong
      ? { ok: false, code: "too_large", message: `A message holds at most ${LIMITS.messageChars} characters.` }
      : { ok: false, code: "bad_frame", message: "Frame does not match the protocol." };
  }
  return { ok: true, frame: result.data };
}

/** Sends a chat frame typed by the protocol; a socket that is already closing is skipped silently. */
export function sendFrame(ws: WebSocket, frame: ServerFrame): void {
  sendJson(ws, frame);
}

/** Sends a console frame typed by schema/desk.ts, the same way; false when the socket was closing. */
export function sendDeskFrame(ws: WebSocket, frame: DeskFrame): boolean {
  return sendJson(ws, frame);
}

function sendJson(ws: WebSocket, frame: ServerFrame | DeskFrame): boolean {
  try {
    ws.send(JSON.stringify(frame));
    return true;
  } catch {
    // The peer is gone; its close handler does the bookkeeping.
    return false;
  }
}

export function sendError(ws: WebSocket, code: ErrorCode, message: string): void {
  sendFrame(ws, { type: "error", code, message });
}
