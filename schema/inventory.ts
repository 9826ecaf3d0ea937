/**
 * The data inventory: every table and column any Durable Object stores, why, on what legal basis
 * (GDPR art. 6) and for how long. test/worker/inventory.test.ts fails when storage holds a column
 * that is not listed here. The README's privacy section is written from this file.
 */
import { AUDIT_RETENTION_DAYS } from "./admin";
import { HOURLY_DAYS, STATS_RETENTION_DAYS } from "./stats";

export type Field = { purpose: string; basis: string; retention: string };
export type Inventory = Record<string, Record<string, Record<string, Field>>>;

const OPS = "legitimate interest: running the helpline safely";
const HOURLY = `${HOURLY_DAYS} days (up to a day more), then merged into day_counters by the Stats alarm`;
const DAILY = `${STATS_RETENTION_DAYS} days, then deleted by the Stats alarm`;
const VITAL = "vital interest of the young person / consent to chat";
const CONSENT = "consent of the young person (art. 6(1)(a), art. 7), withdrawable at any time";
const KEPT = "the retention period the visitor agreed to (default 30 days, HelplineSettings.retentionDays), or until they delete it";
/** A chat's own data: gone when it ends, unless its visitor chose to keep it. */
const CHAT =
  "until the chat ends or the visitor has been gone for the grace period (default 30 minutes); if the visitor chose to keep it, until the retention period ends or they delete it";
/** The Staff object's daily alarm deletes older entries (AUDIT_RETENTION_DAYS in schema/admin.ts). */
const AUDIT = `${AUDIT_RETENTION_DAYS} days, then deleted by the Staff object's daily alarm`;
const schema: Field = { purpose: "which storage migrations have run", basis: OPS, retention: "as long as the object" };

export const INVENTORY: Inventory = {
  Conversation: {
    _schema: { version: schema },
    meta: {
      id: { purpose: "single-row key", basis: OPS, retention: CHAT },
      conversation_id: { purpose: "random id of this chat, to tell the Desk it ended", basis: OPS, retention: CHAT },
      helpline: { purpose: "which helpline's Desk holds the chat", basis: OPS, retention: CHAT },
      token_hash: { purpose: "SHA-256 of the visitor's token, to let only them reconnect", basis: VITAL, retention: CHAT },
      status: { purpose: "waiting, active, or ended (only a kept conversation is still there after it ended)", basis: OPS, retention: CHAT },
      counsellor_id: { purpose: "which staff account may read the chat", basis: OPS, retention: CHAT },
      counsellor_name: { purpose: "display name shown to the visitor", basis: OPS, retention: CHAT },
      visitor_left_at: { purpose: "start of the abandonment grace period", basis: OPS, retention: CHAT },
      arrival: {
        purpose: "where the chat goes in the queue (urgency, language, outreach channel) until the visitor's first hello puts it there",
        basis: OPS,
        retention: "until the visitor's first hello, at most ARRIVAL_SECONDS (60 s); then cleared, or the chat erased",
      },
      goodbye_at: {
        purpose: "when the visitor's page said goodbye (closed tab or reload), so a reload can continue the chat",
        basis: OPS,
        retention: "until the visitor's next hello or, at most GOODBYE_GRACE_SECONDS (20 s) later, the end of the chat",
      },
    },
    messages: {
      seq: { purpose: "gapless order of messages", basis: VITAL, retention: CHAT },
      sender: { purpose: "visitor or counsellor", basis: VITAL, retention: CHAT },
      cid: { purpose: "client id, so a resent message is stored once", basis: VITAL, retention: CHAT },
      text: { purpose: "the message itself, so a reconnecting party can catch up", basis: VITAL, retention: CHAT },
      at: { purpose: "time shown beside the message", basis: VITAL, retention: CHAT },
      author: { purpose: "display name of the counsellor who wrote it, so it stays theirs after a hand-over (null for the visitor)", basis: OPS, retention: CHAT },
    },
    // Only when the visitor chose "keep this conversation".
    consent: {
      id: { purpose: "single-row key", basis: CONSENT, retention: KEPT },
      given_at: { purpose: "when the visitor gave consent (proof of consent, art. 7(1))", basis: CONSENT, retention: KEPT },
      text_version: { purpose: "which version of the consent text the visitor was shown", basis: CONSENT, retention: KEPT },
      resume_hash: { purpose: "SHA-256 of the resume code, so only its holder can come back or delete", basis: CONSENT, retention: KEPT },
      keep_until: { purpose: "when the kept conversation is deleted", basis: CONSENT, retention: KEPT },
    },
    details: {
      id: { purpose: "single-row key", basis: CONSENT, retention: KEPT },
      age_band: { purpose: "age band the visitor told the counsellor (optional)", basis: CONSENT, retention: KEPT },
      gender: { purpose: "gender the visitor told the counsellor (optional)", basis: CONSENT, retention: KEPT },
      region: { purpose: "province the visitor told the counsellor (optional)", basis: CONSENT, retention: KEPT },
    },
    notes: {
      id: { purpose: "order of the private notes", basis: OPS, retention: "until the chat ends or is abandoned" },
      at: { purpose: "when the note was written", basis: OPS, retention: "until the chat ends or is abandoned" },
      author: { purpose: "display name of the staff member who wrote it", basis: OPS, retention: "until the chat ends or is abandoned" },
      text: { purpose: "private note or handover note by staff; never shown to the visitor", basis: VITAL, retention: "until the chat ends or is abandoned" },
    },
  },
  Desk: {
    _schema: { version: schema },
    queue: {
      conversation_id: { purpose: "which chat is waiting", basis: OPS, retention: "until the chat is accepted or ends" },
      enqueued_at: { purpose: "queue order and waiting time shown to counsellors", basis: OPS, retention: "until the chat is accepted or ends" },
      in_danger: { purpose: "the visitor's answer to 'are you in danger', to put urgent chats first", basis: VITAL, retention: "until the chat is accepted or ends" },
      language: { purpose: "which language the visitor chose", basis: OPS, retention: "until the chat is accepted or ends" },
      risk_word: { purpose: "a risk word appeared in the first messages (a flag; the text is never sent here)", basis: VITAL, retention: "until the chat is accepted or ends" },
      channel: { purpose: "the outreach channel of the link the chat came through (a label such as 'snapchat'), to route it to the outreach team and count per channel", basis: OPS, retention: "until the chat is accepted or ends" },
      invited_by: { purpose: "the outreach worker who sent the link, to offer the chat to them first", basis: OPS, retention: "until the chat is accepted or ends" },
      urgency_capped: { purpose: "said to be in danger from a network that had used up its urgent starts this hour, so it waits in order of arrival (a flag; the network is never stored, its keyed hash lives in memory only)", basis: VITAL, retention: "until the chat is accepted or ends" },
    },
    assignments: {
      conversation_id: { purpose: "which chat a counsellor holds", basis: OPS, retention: "until the chat ends" },
      staff_id: { purpose: "which counsellor holds it", basis: OPS, retention: "until the chat ends" },
      assigned_at: { purpose: "order of a counsellor's chats", basis: OPS, retention: "until the chat ends" },
      language: { purpose: "the visitor's language, for canned replies", basis: OPS, retention: "until the chat ends" },
      in_danger: { purpose: "the visitor's answer to 'are you in danger', so the chat stays urgent if it goes back to the queue", basis: VITAL, retention: "until the chat ends" },
      risk_word: { purpose: "a risk word appeared in the first messages (a flag), so the chat stays urgent if it goes back to the queue", basis: VITAL, retention: "until the chat ends" },
      channel: { purpose: "the outreach channel of the chat's link, so a hand-over or a return to the queue keeps it with the outreach team", basis: OPS, retention: "until the chat ends" },
      invited_by: { purpose: "the outreach worker who sent the link, so a chat back in the queue is offered to them first", basis: OPS, retention: "until the chat ends" },
    },
    presence: {
      staff_id: { purpose: "which counsellor", basis: "contract with the staff member", retention: "while the account is enabled" },
      display_name: { purpose: "name shown to colleagues for a handover", basis: "contract with the staff member", retention: "while the account is enabled" },
      role: { purpose: "who may take or observe chats", basis: "contract with the staff member", retention: "while the account is enabled" },
      status: { purpose: "available, busy or away, honoured by the Desk", basis: "contract with the staff member", retention: "while the account is enabled" },
      capacity: { purpose: "most chats the counsellor holds at once", basis: "contract with the staff member", retention: "while the account is enabled" },
      uncategorised: { purpose: "how many ended chats still owe a categorisation (a count, no ids)", basis: OPS, retention: "until categorised" },
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
      totp_secret: { purpose: "second-factor secret (RFC 6238), when the account has one", basis: "security of processing (art. 32)", retention: "until reset or the account is removed" },
      totp_pending: { purpose: "second-factor secret being enrolled, until a code confirms it", basis: "security of processing (art. 32)", retention: "until confirmed or reset" },
      totp_last_step: { purpose: "last code time step used, so a code cannot be replayed", basis: "security of processing (art. 32)", retention: "while the account exists" },
      helplines: { purpose: "the helplines whose queues and counts the account may see", basis: "contract with the staff member", retention: "while the account exists" },
    },
    login_failures: {
      login: { purpose: "login name as typed (known or not), for the ceiling of failures on one name from all clients together", basis: "security of processing (art. 32)", retention: "15 minutes after the last failure (deleted at the next login or by the Staff object's daily alarm), or until a successful login" },
      failures: { purpose: "failed attempts in a row", basis: "security of processing (art. 32)", retention: "15 minutes after the last failure" },
      last_failure_at: { purpose: "when the lock-out ends", basis: "security of processing (art. 32)", retention: "15 minutes after the last failure" },
    },
    sessions: {
      token_hash: { purpose: "SHA-256 of the session cookie", basis: "security of processing (art. 32)", retention: "until logout or expiry (12 h absolute, 1 h idle); an unused expired session is deleted by the Staff object's daily alarm" },
      staff_id: { purpose: "whose session", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
      created_at: { purpose: "absolute expiry", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
      last_seen_at: { purpose: "idle expiry", basis: "security of processing (art. 32)", retention: "until logout or expiry" },
    },
    audit: {
      id: { purpose: "order of audit entries", basis: "accountability (art. 5(2))", retention: AUDIT },
      at: { purpose: "when a staff action happened", basis: "accountability (art. 5(2))", retention: AUDIT },
      staff_id: { purpose: "who did it", basis: "accountability (art. 5(2))", retention: AUDIT },
      action: { purpose: "what was done (login, accept, …); never content", basis: "accountability (art. 5(2))", retention: AUDIT },
      target: { purpose: "the staff account or helpline an admin action was about; never a conversation", basis: "accountability (art. 5(2))", retention: AUDIT },
    },
  },
  Outreach: {
    _schema: { version: schema },
    invites: {
      id: { purpose: "random id to list and revoke a link", basis: OPS, retention: "until the link expires" },
      code_hash: { purpose: "SHA-256 of the link's code", basis: OPS, retention: "until the link expires" },
      channel: { purpose: "where the link was sent (a label such as 'snapchat'), for counts per channel", basis: OPS, retention: "until the link expires" },
      created_by: { purpose: "the outreach worker who made it, to offer the chat to them first", basis: OPS, retention: "until the link expires (then the row is deleted)" },
      expires_at: { purpose: "when the link stops working and is deleted", basis: OPS, retention: "until the link expires" },
      max_uses: { purpose: "how many chats the link may start", basis: OPS, retention: "until the link expires" },
      uses: { purpose: "how many it has started", basis: OPS, retention: "until the link expires" },
      revoked: { purpose: "stopped early by its maker", basis: OPS, retention: "until the link expires" },
      helpline: { purpose: "whose outreach team answers the chats the link starts", basis: OPS, retention: "until the link expires" },
    },
  },
  ResumeIndex: {
    _schema: { version: schema },
    codes: {
      code_hash: { purpose: "SHA-256 of a resume code, to find the kept conversation", basis: CONSENT, retention: KEPT },
      conversation_id: { purpose: "random id of the kept conversation", basis: CONSENT, retention: KEPT },
      keep_until: { purpose: "when the entry is dropped", basis: CONSENT, retention: KEPT },
    },
  },
  // The rate limiter keeps its counters and its daily key in memory only: it stores nothing.
  RateLimiter: {},
  Stats: {
    _schema: { version: schema },
    counters: {
      hour: { purpose: "the hour a count belongs to (hours since 1970, nothing finer)", basis: OPS, retention: HOURLY },
      metric: { purpose: "what was counted (chat offered, answered, abandoned, outside hours, topic, outcome, wait and chat duration)", basis: OPS, retention: HOURLY },
      dimension: { purpose: "the category within a metric: which topic or outcome, or which duration bucket (never one chat's value)", basis: OPS, retention: HOURLY },
      count: { purpose: "how many", basis: OPS, retention: HOURLY },
    },
    day_counters: {
      day: { purpose: "the local day a count belongs to, once its hours are merged (nothing finer)", basis: OPS, retention: DAILY },
      metric: { purpose: "what was counted, as in counters", basis: OPS, retention: DAILY },
      dimension: { purpose: "the category within a metric, as in counters", basis: OPS, retention: DAILY },
      count: { purpose: "how many, the hours of the day added up", basis: OPS, retention: DAILY },
    },
  },
};
