/**
 * The data inventory: every table and column any Durable Object stores, why, on what legal basis
 * (GDPR art. 6) and for how long. test/worker/inventory.test.ts fails when storage holds a column
 * that is not listed here. The README's privacy section is written from this file.
 */
export type Field = { purpose: string; basis: string; retention: string };
export type Inventory = Record<string, Record<string, Record<string, Field>>>;

const OPS = "legitimate interest: running the helpline safely";
const VITAL = "vital interest of the young person / consent to chat";
const schema: Field = { purpose: "which storage migrations have run", basis: OPS, retention: "as long as the object" };

export const INVENTORY: Inventory = {
  Conversation: {
    _schema: { version: schema },
    meta: {
      id: { purpose: "single-row key", basis: OPS, retention: "until the chat ends or is abandoned" },
      conversation_id: { purpose: "random id of this chat, to tell the Desk it ended", basis: OPS, retention: "until the chat ends or is abandoned" },
      helpline: { purpose: "which helpline's Desk holds the chat", basis: OPS, retention: "until the chat ends or is abandoned" },
      token_hash: { purpose: "SHA-256 of the visitor's token, to let only them reconnect", basis: VITAL, retention: "until the chat ends or is abandoned" },
      status: { purpose: "waiting or active", basis: OPS, retention: "until the chat ends or is abandoned" },
      counsellor_id: { purpose: "which staff account may read the chat", basis: OPS, retention: "until the chat ends or is abandoned" },
      counsellor_name: { purpose: "display name shown to the visitor", basis: OPS, retention: "until the chat ends or is abandoned" },
      visitor_left_at: { purpose: "start of the abandonment grace period", basis: OPS, retention: "until the chat ends or is abandoned" },
    },
    messages: {
      seq: { purpose: "gapless order of messages", basis: VITAL, retention: "until the chat ends or is abandoned" },
      sender: { purpose: "visitor or counsellor", basis: VITAL, retention: "until the chat ends or is abandoned" },
      cid: { purpose: "client id, so a resent message is stored once", basis: VITAL, retention: "until the chat ends or is abandoned" },
      text: { purpose: "the message itself, so a reconnecting party can catch up", basis: VITAL, retention: "until the chat ends or is abandoned (grace period default 30 minutes)" },
      at: { purpose: "time shown beside the message", basis: VITAL, retention: "until the chat ends or is abandoned" },
    },
  },
  Desk: {
    _schema: { version: schema },
    queue: {
      conversation_id: { purpose: "which chat is waiting", basis: OPS, retention: "until the chat is accepted or ends" },
      enqueued_at: { purpose: "queue order and waiting time shown to counsellors", basis: OPS, retention: "until the chat is accepted or ends" },
      in_danger: { purpose: "the visitor's answer to 'are you in danger', to put urgent chats first", basis: VITAL, retention: "until the chat is accepted or ends" },
      language: { purpose: "which language the visitor chose", basis: OPS, retention: "until the chat is accepted or ends" },
    },
    assignments: {
      conversation_id: { purpose: "which chat a counsellor holds", basis: OPS, retention: "until the chat ends" },
      staff_id: { purpose: "which counsellor holds it", basis: OPS, retention: "until the chat ends" },
      assigned_at: { purpose: "order of a counsellor's chats", basis: OPS, retention: "until the chat ends" },
    },
    recent_waits: {
      id: { purpose: "order of the samples", basis: OPS, retention: "the last 20 samples" },
      seconds: { purpose: "how long the queue recently took to move up one place, for the wait estimate (no id, no time)", basis: OPS, retention: "the last 20 samples" },
    },
    settings: {
      id: { purpose: "single-row key", basis: OPS, retention: "until an admin changes it" },
      json: { purpose: "the helpline's settings (hours, lists, retention); no personal data", basis: OPS, retention: "until an admin changes it" },
    },
  },
  Staff: {
    _schema: { version: schema },
    accounts: {
      id: { purpose: "staff account id", basis: "contract with the staff member", retention: "while the account exists" },
      login: { purpose: "login name", basis: "contract with the staff member", retention: "while the account exists" },
      display_name: { purpose: "name shown to visitors", basis: "contract with the staff member", retention: "while the account exists" },
      role: { purpose: "what the account may do", basis: "contract with the staff member", retention: "while the account exists" },
      password_hash: { purpose: "PBKDF2-SHA-256 of the password", basis: "security of processing (art. 32)", retention: "while the account exists" },
      password_salt: { purpose: "salt of the password hash", basis: "security of processing (art. 32)", retention: "while the account exists" },
      password_iterations: { purpose: "PBKDF2 cost, so it can be raised later", basis: "security of processing (art. 32)", retention: "while the account exists" },
      disabled: { purpose: "an account that may no longer log in", basis: "security of processing (art. 32)", retention: "while the account exists" },
      created_at: { purpose: "when the account was made", basis: "security of processing (art. 32)", retention: "while the account exists" },
    },
    sessions: {
      token_hash: { purpose: "SHA-256 of the session cookie", basis: "security of processing (art. 32)", retention: "until logout or expiry (12 h absolute, 1 h idle)" },
      staff_id: { purpose: "whose session", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
      created_at: { purpose: "absolute expiry", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
      last_seen_at: { purpose: "idle expiry", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
    },
    audit: {
      id: { purpose: "order of audit entries", basis: "accountability (art. 5(2))", retention: "see retention settings" },
      at: { purpose: "when a staff action happened", basis: "accountability (art. 5(2))", retention: "see retention settings" },
      staff_id: { purpose: "who did it", basis: "accountability (art. 5(2))", retention: "see retention settings" },
      action: { purpose: "what was done (login, accept, …); never content", basis: "accountability (art. 5(2))", retention: "see retention settings" },
      target: { purpose: "the staff account an admin action was about; never a conversation", basis: "accountability (art. 5(2))", retention: "see retention settings" },
    },
  },
  Stats: {
    _schema: { version: schema },
    counters: {
      hour: { purpose: "the hour a count belongs to (hours since 1970, nothing finer)", basis: OPS, retention: "see retention settings" },
      metric: { purpose: "what was counted (chat offered, answered, topic, …)", basis: OPS, retention: "see retention settings" },
      dimension: { purpose: "the category within a metric, e.g. which topic", basis: OPS, retention: "see retention settings" },
      count: { purpose: "how many", basis: OPS, retention: "see retention settings" },
    },
  },
};
