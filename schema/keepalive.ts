/**
 * The chat socket's keep-alive, byte for byte. The Conversation registers this pair as the
 * Hibernation API's auto-response, so the runtime answers a ping without waking the object; it
 * matches only this exact text, so the pages send it as is rather than building it. Its own file,
 * like close-codes.ts, so the pages import these two strings without the zod schemas.
 */
export const PING_TEXT = '{"type":"ping"}';
export const PONG_TEXT = '{"type":"pong"}';
