/**
 * The open chat's id and token, kept in this tab's sessionStorage so that a reload continues the chat
 * (hello with the token, the transcript from the server) instead of losing it. sessionStorage belongs
 * to this one tab and goes when the tab closes; never localStorage or a cookie, which outlive it. It is
 * removed the moment the chat ends, is deleted or refused, and on quick exit before the page leaves.
 */
import type { StartChatResponse } from "../../schema/http";

const KEY = "chat";

/** The chat, and the helpline whose page it was started from (null: the host's). */
export type TabChat = StartChatResponse & { helpline: string | null };

export function holdInTab(chat: TabChat): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(chat));
  } catch {
    // Storage refused (a private mode, a full quota): a reload then loses the chat, as it used to.
  }
}

export function heldInTab(): TabChat | null {
  try {
    const held: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    return isTabChat(held) ? held : null;
  } catch {
    return null;
  }
}

export function forgetInTab(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing could be stored either.
  }
}

function isTabChat(value: unknown): value is TabChat {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.conversationId === "string" && typeof v.token === "string" && (v.helpline === null || typeof v.helpline === "string");
}
