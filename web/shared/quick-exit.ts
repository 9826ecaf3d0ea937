/**
 * Quick exit, the way GOV.UK's "Exit this page" works: blank the page at once, drop the chat, and
 * replace the location so that Back does not return here.
 */

/** Used until the helpline's own neutral site (GET /api/helpline) has arrived; the same default. */
const FALLBACK_NEUTRAL_SITE = "https://www.google.com/search?q=weer";

export function quickExit(neutralSite: string | undefined, dropChat: () => void): void {
  document.body.replaceChildren();
  document.title = "";
  dropChat();
  location.replace(neutralSite ?? FALLBACK_NEUTRAL_SITE);
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
