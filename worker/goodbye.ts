/**
 * The visitor's page said goodbye as it went (pagehide). A page cannot tell a reload from a closed tab,
 * so the chat is not ended at once: a reload says hello with its token within GOODBYE_GRACE_SECONDS
 * and the chat goes on; a closed tab does not, and the alarm ends the chat as `left`. Short, so a
 * counsellor soon learns that nobody is there, and so the chat's text is soon erased; long enough for
 * a reload on a slow phone. A quick exit never waits: it ends at once.
 */
export const GOODBYE_GRACE_SECONDS = 20;

/** When a goodbye said at `goodbyeAt` (epoch ms) ends the chat, or null when none was said. */
export function goodbyeDeadline(goodbyeAt: number | null): number | null {
  return goodbyeAt === null ? null : goodbyeAt + GOODBYE_GRACE_SECONDS * 1000;
}
