/**
 * Hard bounds on everything a client can send. They live in one place so the worker enforces and
 * the pages announce the same numbers.
 */
export const LIMITS = {
  /** Longest chat message in characters: a long, heartfelt message fits; a paste of a book does not. */
  messageChars: 4000,
  /** Largest WebSocket frame accepted, in characters, checked before JSON parsing. */
  frameChars: 16_384,
  /** Largest HTTP JSON body in bytes. */
  bodyBytes: 8_192,
  /** The helpline settings an admin saves: up to 100 canned replies in two languages. */
  settingsBytes: 262_144,
  /** Messages one side of a chat may send per minute before frames are refused. */
  messagesPerMinute: 40,
  /** Messages one conversation may hold; past it the chat asks the parties to start anew. */
  messagesPerChat: 5_000,
  /** Chats one client (address) may start per rate-limit window (10 minutes): a visitor who loses a
   *  chat starts again once or twice; a script filling the queue is refused long before it is full. */
  chatStartsPerWindow: 10,
  /** Visitor chat sockets one client (network) may open per rate-limit window (10 minutes). A page opens
   *  one per chat and another on each reconnect (backing off up to 10 s): a phone on a poor connection
   *  through a whole chat, and a few visitors behind one shared address, stay far below it. */
  visitorSocketsPerWindow: 200,
  /** The most proof of work a chat start is asked for, in leading zero bits of SHA-256 (worker/start-gate.ts). */
  startWorkMaxBits: 12,
  /** Urgent starts from one network per hour that go first; more are queued in order of arrival. */
  urgentFirstPerHour: 3,
  /** Waiting chats per helpline; past it a new visitor is told the queue is full. */
  queueLength: 200,
  /** Longest private note on a chat, in characters. */
  noteChars: 2000,
  /** Client-chosen ids (cid) are short opaque strings. */
  cidChars: 64,
  /** Tokens are 43 base64url characters (256 bits); anything far longer is not a token. */
  tokenChars: 128,
} as const;
