/**
 * The one message the embedded chat sends to embed.js on the partner's page: leave the whole tab for
 * `url` (the helpline's neutral site). embed.js is plain script, not bundled, so it repeats this name
 * and checks the shape itself; it obeys only messages from the Baken origin's own frame.
 */
export const EMBED_EXIT = "baken:quick-exit";
