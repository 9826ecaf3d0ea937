/** Helplines served by this deployment. One for now; each gets its own Desk object. */
export const DEFAULT_HELPLINE = "baken";
