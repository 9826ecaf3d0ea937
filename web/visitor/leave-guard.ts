/**
 * A reload or a closed tab in the middle of a chat; the page cannot tell which. As it goes, it says
 * goodbye (`left`): the server keeps the chat for a short grace (worker/goodbye.ts), so a reload,
 * which finds the chat's token in this tab (tab-chat.ts), says hello and continues; a closed tab never
 * does, and the chat ends for the counsellor as a closed page. No beforeunload question: a reload no
 * longer loses the chat, and a browser dialog in the way of closing the page would only slow down a
 * young person who wants it gone.
 */
import { useEffect } from "preact/hooks";

/**
 * `leave.current`: how to say goodbye to the open chat, or null when no chat is open. It is read at
 * the moment the page goes, so a quick exit that has just dropped the chat says nothing more.
 */
export function useLeaveGuard(leave: { readonly current: (() => void) | null }): void {
  useEffect(() => {
    let saidGoodbye = false;
    const gone = () => {
      if (!leave.current) return;
      saidGoodbye = true;
      leave.current();
    };
    // A page kept in the back-forward cache and shown again has said goodbye and closed its socket:
    // loading it afresh says hello from the tab's token, within the grace.
    const back = (e: PageTransitionEvent) => {
      if (e.persisted && saidGoodbye) location.reload();
    };
    addEventListener("pagehide", gone);
    addEventListener("pageshow", back);
    return () => {
      removeEventListener("pagehide", gone);
      removeEventListener("pageshow", back);
    };
  }, []);
}
