/**
 * A reload or a closed tab in the middle of a chat. Nothing of the chat may stay on the device
 * (DESIGN.md: no trace unless the visitor chose it), so a reload cannot bring the chat back. Instead
 * the browser asks first, so an accidental reload or swipe can be undone; and if the page goes anyway,
 * it tells the server at once (the quick exit's beacon), so no counsellor accepts a chat nobody is in.
 * A kept chat (consent) can still be continued with its resume code.
 */
import { useEffect } from "preact/hooks";

/**
 * `leave.current`: how to say goodbye to the open chat, or null when no chat is open. It is read at
 * the moment the page goes, so a quick exit that has just dropped the chat is never held up by the
 * question.
 */
export function useLeaveGuard(leave: { readonly current: (() => void) | null }): void {
  useEffect(() => {
    const ask = (e: BeforeUnloadEvent) => {
      if (!leave.current) return;
      e.preventDefault();
      // Older browsers ask only when returnValue is set; the question's wording is the browser's own.
      e.returnValue = "";
    };
    const gone = () => leave.current?.();
    addEventListener("beforeunload", ask);
    addEventListener("pagehide", gone);
    return () => {
      removeEventListener("beforeunload", ask);
      removeEventListener("pagehide", gone);
    };
  }, []);
}
