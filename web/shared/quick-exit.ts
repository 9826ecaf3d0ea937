/**
 * Quick exit, the way GOV.UK's "Exit this page" works: blank the page at once, drop the chat, and
 * replace the location so that Back does not return here. Inside a partner's page (embed.js) the
 * whole tab must leave, not just the frame: see leaveFrame.
 */
import { EMBED_EXIT } from "../../schema/embed";

/** Used until the helpline's own neutral site (GET /api/helpline) has arrived; the same default. */
const FALLBACK_NEUTRAL_SITE = "https://www.google.com/search?q=weer";

export function quickExit(neutralSite: string | undefined, dropChat: () => void): void {
  const to = neutralSite ?? FALLBACK_NEUTRAL_SITE;
  document.body.replaceChildren();
  document.title = "";
  dropChat();
  if (window.top !== window) leaveFrame(to);
  location.replace(to);
}

/**
 * Framed, the page asks embed.js on the partner's page to replace the top location; that works for
 * Escape too, which (unlike a click) gives the frame no user activation to navigate the top itself.
 * A partner who framed the chat without embed.js still gets the top navigation a click allows.
 */
function leaveFrame(to: string): void {
  window.parent.postMessage({ type: EMBED_EXIT, url: to }, "*");
  try {
    window.top?.location.replace(to);
  } catch {
    // Not allowed without user activation: the message above is the way out.
  }
}

/** Escape, or Shift pressed three times within a second, triggers the exit. */
export function listenForExitKeys(exit: () => void): () => void {
  let shifts: number[] = [];
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") return exit();
    if (e.key !== "Shift" || e.repeat) {
      shifts = [];
      return;
    }
    const now = performance.now();
    shifts = [...shifts.filter((t) => now - t < 1000), now];
    if (shifts.length >= 3) exit();
  };
  window.addEventListener("keydown", onKey, true);
  return () => window.removeEventListener("keydown", onKey, true);
}
