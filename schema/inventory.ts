/**
 * The data inventory: every table and column any Durable Object stores, why, on what legal basis
 * (GDPR art. 6) and for how long. test/worker/inventory.test.ts fails when storage holds a column
 * that is not listed here. The README's privacy section is written from this file.
 */
import { AUDIT_RETENTION_DAYS } from "./admin";
import { HOURLY_DAYS, STATS_RETENTION_DAYS } from "./stats";
import { HANDOFF_RETENTION_DAYS } from "./handoff-text";
import { ERASE_WITHIN_SECONDS } from "./erasure";

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
/** Counsellor wellbeing: the employer's duty of care for staff exposed to distressing content. */
const SHIFT_BASIS = "legal obligation: the employer's duty of care for working conditions (Arbowet art. 3, psychosocial workload)";
const SHIFT = "reset when the counsellor's next shift starts; deleted when the account is disabled";
/** An open handoff proposal: not handed over, so it lives and dies with the chat. */
const PROPOSAL =
  "until the visitor answers, the counsellor replaces it, or the chat ends (kept or not); a deleted proposal's bytes stay in the chat's database files until the chat ends, when they are erased or the kept chat's files rewritten";
/** What the visitor agreed to hand over: its own time, whatever becomes of the chat. */
const HANDED = `${HANDOFF_RETENTION_DAYS} days from the visitor's consent, then deleted by the Handoffs object's alarm; at once when the visitor withdraws it with the code`;
/** A Desk row of a chat: deleted at the end, and gone from the Desk's files soon after (worker/erasure-due.ts). */
const HELD = `until the chat ends; then gone from the Desk's database files too within ${ERASE_WITHIN_SECONDS} s`;
const SECURITY = "security of processing (art. 32)";
/** Rows under the day's key (worker/daily-key.ts): gone by their own end or, at the latest, with the key. */
const ATTEMPTS = "until the end of its 10-minute window (pruned within a minute), at the latest midnight UTC with the day's key";
const BLOCK = "until the block ends (at most 24 hours), pruned within a minute, or a supervisor lifts it; a block on a network alone is deleted at midnight UTC with the day's key";
const DEMAND = "10 minutes (pruned within a minute), at the latest midnight UTC with the day's key";
const TICKET = "until answered or one hour after the chat ended (pruned within a minute)";
/** The day's key in the RateLimiter's own storage (worker/daily-key.ts). */
const DAY_KEY = "until midnight UTC: the object's alarm deletes it with every row made under it (or the first use on the next day, if the alarm is late)";
const STARTS = "one hour (then deleted by the Desk's alarm within a minute)";
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
      watched_at: { purpose: "since when the visitor signalled that someone is watching (null when not, or lifted and its hold over), so every counsellor socket shows it", basis: VITAL, retention: "until lifted or the chat ends (cleared when a kept chat ends)" },
      supporter_id: { purpose: "the supervisor who joined the escalated chat, whose sockets may write in it", basis: OPS, retention: "until the chat ends (cleared when a kept chat ends)" },
      supporter_name: { purpose: "that supervisor's display name, shown to the visitor", basis: OPS, retention: "until the chat ends (cleared when a kept chat ends)" },
      goodbye_at: {
        purpose: "when the visitor's page said goodbye (closed tab or reload), so a reload can continue the chat",
        basis: OPS,
        retention: "until the visitor's next hello or, at most GOODBYE_GRACE_SECONDS (20 s) later, the end of the chat",
      },
      watched_lifted: { purpose: "that the visitor lifted the watched signal while the consoles still show it, for at most WATCHED_HOLD_MS (2 min) after it was raised, so switching it on and off alerts the counsellor once", basis: VITAL, retention: "until the hold ends, the visitor raises it again, or the chat ends (cleared when a kept chat ends)" },
      watched_counted: { purpose: "that the chat's watched signal was counted in Stats, so it is counted once per chat", basis: OPS, retention: "until the chat ends (cleared when a kept chat ends)" },
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
    // Blocking an abusive visitor (worker/chat-network.ts, schema/block.ts).
    network: {
      id: { purpose: "single-row key", basis: OPS, retention: CHAT },
      tag: {
        purpose: "keyed hash of the network (IPv6 /64 or IPv4 address) that started or resumed the chat, under the RateLimiter's day's key, so a counsellor can block it; never the address, and meaningless once that key is deleted (midnight UTC)",
        basis: OPS,
        retention: "while the chat is open; cleared when a kept chat ends, erased with the chat otherwise",
      },
      resume_blocked_until: {
        purpose: "a counsellor blocked the visitor of this kept chat: until then it cannot be resumed",
        basis: OPS,
        retention: "until the block ends (at most 24 hours; cleared at the next resume try or by a supervisor's lift), or the kept chat is erased",
      },
    },
    // Only once a counsellor proposes a warm handoff (worker/handoff-proposal.ts).
    handoff_proposal: {
      id: { purpose: "single-row key: one open proposal per chat", basis: VITAL, retention: PROPOSAL },
      proposal: { purpose: "random id of the proposal, so an answer to a replaced one is refused as stale", basis: VITAL, retention: PROPOSAL },
      partner: { purpose: "the care partner as the visitor is shown it (name, what they do, contact; no personal data)", basis: VITAL, retention: PROPOSAL },
      summary: { purpose: "the summary the counsellor wrote for the partner, shown to the visitor word for word before they decide", basis: VITAL, retention: PROPOSAL },
      proposed_by: { purpose: "staff account that proposed it, for the audit entry when the visitor agrees", basis: OPS, retention: PROPOSAL },
    },
    notes: {
      id: { purpose: "order of the private notes", basis: OPS, retention: "until the chat ends or is abandoned" },
      at: { purpose: "when the note was written", basis: OPS, retention: "until the chat ends or is abandoned" },
      author: { purpose: "display name of the staff member who wrote it", basis: OPS, retention: "until the chat ends or is abandoned" },
      text: { purpose: "private note, handover note or whisper by staff; never shown to the visitor", basis: VITAL, retention: "until the chat ends or is abandoned (also when a kept chat ends: the visitor consented to the transcript, not to these; its database files are then rewritten without them)" },
      kind: { purpose: "'note' (private note) or 'whisper' (coaching between the counsellor and an observing supervisor)", basis: OPS, retention: "until the chat ends or is abandoned" },
    },
  },
  Desk: {
    _schema: { version: schema },
    // One record per open chat, waiting or held (worker/desk-chats.ts).
    chats: {
      conversation_id: { purpose: "which chat is waiting or held", basis: OPS, retention: HELD },
      state: { purpose: "whether the chat is waiting in the queue or held by a counsellor", basis: OPS, retention: HELD },
      enqueued_at: { purpose: "queue order and waiting time shown to counsellors", basis: OPS, retention: HELD },
      staff_id: { purpose: "which counsellor holds it", basis: OPS, retention: HELD },
      assigned_at: { purpose: "order of a counsellor's chats, and their place if they go back to the queue", basis: OPS, retention: HELD },
      language: { purpose: "which language the visitor chose, for canned replies", basis: OPS, retention: HELD },
      in_danger: { purpose: "the visitor's answer to 'are you in danger', to put urgent chats first, also if the chat goes back to the queue", basis: VITAL, retention: HELD },
      risk_word: { purpose: "a risk word appeared in the first messages (a flag; the text is never sent here)", basis: VITAL, retention: HELD },
      urgency_capped: { purpose: "said to be in danger from a network (or its /56, /48 or IPv4 /24) that had used up its urgent starts this hour, so it waits in order of arrival (a flag; the network is not stored with the chat)", basis: VITAL, retention: HELD },
      wait_alerted: { purpose: "an urgent chat waited past the helpline's alert time and the supervisors were alerted (a flag)", basis: VITAL, retention: HELD },
      channel: { purpose: "the outreach channel of the link the chat came through (a label such as 'snapchat'), to route it to the outreach team, also on a hand-over or a return to the queue, and count per channel", basis: OPS, retention: HELD },
      invited_by: { purpose: "the outreach worker who sent the link, to offer the chat to them first, also when it goes back to the queue", basis: OPS, retention: HELD },
      swept_at: { purpose: "when the Desk last asked the held chat's object whether it is still open, to release a chat whose end it never heard", basis: OPS, retention: HELD },
      counted: { purpose: "what Stats counted of the chat ('none', 'offered', 'answered'), so it is counted answered or abandoned only after it was counted offered, and never twice", basis: OPS, retention: HELD },
    },
    escalations: {
      conversation_id: { purpose: "which held chat its counsellor escalated to the supervisors on shift", basis: VITAL, retention: HELD },
      reason: { purpose: "the reason category picked (no free text), shown to supervisors", basis: VITAL, retention: HELD },
      escalated_at: { purpose: "when it was escalated, shown to supervisors", basis: VITAL, retention: HELD },
    },
    presence: {
      staff_id: { purpose: "which counsellor", basis: "contract with the staff member", retention: "while the account is enabled" },
      display_name: { purpose: "name shown to colleagues for a handover", basis: "contract with the staff member", retention: "while the account is enabled" },
      role: { purpose: "who may take or observe chats", basis: "contract with the staff member", retention: "while the account is enabled" },
      status: { purpose: "available, busy or away, honoured by the Desk", basis: "contract with the staff member", retention: "while the account is enabled" },
      capacity: { purpose: "most chats the counsellor holds at once", basis: "contract with the staff member", retention: "while the account is enabled" },
      uncategorised: { purpose: "how many ended chats still owe a categorisation (a count, no ids)", basis: OPS, retention: "until categorised" },
      uncounted: { purpose: "how many of those were never counted answered, so their categorisation is not counted either (a count, no ids)", basis: OPS, retention: "until categorised" },
    },
    // Counsellor wellbeing (worker/exposure.ts): counts and times of one shift, never a chat id, topic or text.
    exposure: {
      staff_id: { purpose: "whose shift", basis: SHIFT_BASIS, retention: SHIFT },
      shift_started_at: { purpose: "when the shift began (a console connected after none for 4 hours)", basis: SHIFT_BASIS, retention: SHIFT },
      last_online_at: { purpose: "when a console of theirs was last seen, to tell a break from a new shift", basis: SHIFT_BASIS, retention: SHIFT },
      chats: { purpose: "chats ended or handed over this shift (a count)", basis: SHIFT_BASIS, retention: SHIFT },
      chat_seconds: { purpose: "time spent in those chats (a sum)", basis: SHIFT_BASIS, retention: SHIFT },
      heavy_chats: { purpose: "chats this shift categorised with a topic the helpline counts as heavy (a count; which chats is not kept)", basis: SHIFT_BASIS, retention: SHIFT },
      last_heavy_at: { purpose: "when the last heavy chat was categorised, to suggest a break after it", basis: SHIFT_BASIS, retention: SHIFT },
      break_at: { purpose: "when the last break ended (or the shift began); empty while away", basis: SHIFT_BASIS, retention: SHIFT },
    },
    recent_waits: {
      id: { purpose: "order of the samples", basis: OPS, retention: "the last 20 samples" },
      seconds: { purpose: "how long the queue recently took to move up one place, for the wait estimate (no id, no time)", basis: OPS, retention: "the last 20 samples" },
    },
    erasure_due: {
      id: { purpose: "single-row key", basis: OPS, retention: "until the rewrite it books is made" },
      at: {
        purpose: "when the Desk rewrites its database files, so the rows of chats that ended leave them too (no id: only a time)",
        basis: OPS,
        retention: `until that rewrite, at most ${ERASE_WITHIN_SECONDS} s after a chat ended`,
      },
    },
    settings: {
      id: { purpose: "single-row key", basis: OPS, retention: "until an admin changes it" },
      json: { purpose: "the helpline's settings (hours, lists, retention); no personal data", basis: OPS, retention: "until an admin changes it" },
    },
    // The last hour's starts (worker/start-window.ts): the ceiling per minute, the urgent cap, the flood line.
    starts: {
      at: { purpose: "when a chat start was admitted, for the helpline's ceiling per minute and the flood line", basis: OPS, retention: STARTS },
      network: { purpose: "the starting network's (IPv6 /64 or IPv4 address) tag from the RateLimiter (a keyed hash under its day's key, which the Desk never holds); never the address, and no chat id beside it. Unlinkable to an address once that key is deleted at midnight UTC", basis: OPS, retention: STARTS },
      urgent_first: { purpose: "the start said it was in danger and went first, for the cap on urgent starts per tier of its address an hour (a flag)", basis: VITAL, retention: STARTS },
      site: { purpose: "the tag of the start's IPv6 /56, made as the network's (null for IPv4), for the cap on urgent starts per tier an hour", basis: OPS, retention: STARTS },
      block: { purpose: "the tag of the start's IPv6 /48 or IPv4 /24, made as the network's, for the cap on urgent starts per tier an hour", basis: OPS, retention: STARTS },
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
    name_failures: {
      name_mac: { purpose: "HMAC-SHA-256 of a login name (known or not) that failed to sign in, under the key in name_failure_key; never the name as typed, so a password typed into the name field is not kept. For the ceiling of failures on one name from all clients together", basis: "security of processing (art. 32)", retention: "15 minutes after the name's last failure (deleted at the next sign-in or by the Staff object's daily alarm), or until the member signs in" },
      failures: { purpose: "failed attempts on the name within 15 minutes of each other", basis: "security of processing (art. 32)", retention: "15 minutes after the last failure" },
      last_failure_at: { purpose: "when the name's strain ends", basis: "security of processing (art. 32)", retention: "15 minutes after the last failure" },
    },
    name_failure_key: {
      id: { purpose: "single-row key", basis: "security of processing (art. 32)", retention: "as long as the key" },
      key: { purpose: "random 256-bit HMAC key for name_mac, in its own table so no row carries what unlocks it", basis: "security of processing (art. 32)", retention: "made with the first failure, deleted with the last stale one: once gone, no name_mac left over can be checked against a name" },
    },
    second_factor_roles: {
      helpline: { purpose: "the helpline whose admins chose", basis: "security of processing (art. 32)", retention: "until an admin changes it" },
      role: { purpose: "a staff role", basis: "security of processing (art. 32)", retention: "until an admin changes it" },
      required: { purpose: "whether members of that role must have a second factor at that helpline (unset: SECOND_FACTOR_ROLES, admins and supervisors)", basis: "security of processing (art. 32)", retention: "until an admin changes it" },
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
      target: { purpose: "the staff account an action was about (an account changed, a chat handed to a colleague); never a conversation", basis: "accountability (art. 5(2))", retention: AUDIT },
      helpline: { purpose: "the helpline an action happened in (null for sign-ins and account changes), so each helpline's admins see only their own", basis: "accountability (art. 5(2))", retention: AUDIT },
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
  // Everything a warm handoff hands over, and nothing else: no chat id, no transcript, no counsellor.
  Handoffs: {
    _schema: { version: schema },
    handoffs: {
      code_hash: { purpose: "SHA-256 of the handoff code the visitor and the partner hold, to find or withdraw this handoff", basis: CONSENT, retention: HANDED },
      partner_id: { purpose: "the care partner the visitor agreed to be handed to", basis: CONSENT, retention: HANDED },
      summary: { purpose: "the summary the visitor read and agreed to hand over, word for word", basis: CONSENT, retention: HANDED },
      consented_at: { purpose: "when the visitor agreed (proof of consent, art. 7(1))", basis: CONSENT, retention: HANDED },
      text_version: { purpose: "which version of the handoff consent text the visitor was shown", basis: CONSENT, retention: HANDED },
      expires_at: { purpose: "when the handoff is deleted", basis: CONSENT, retention: HANDED },
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
  // Every RateLimiter object (the shards, the deployment-wide one and the visitors' one) has the same
  // tables; only the visitors' object fills blocks, start_demands, spent_challenges and survey_tickets.
  // No address is ever stored: a network is an HMAC under the day's key, and once that key is deleted
  // (midnight UTC) nothing left can be linked to an address (worker/daily-key.ts).
  RateLimiter: {
    _schema: { version: schema },
    day_key: {
      id: { purpose: "single-row key", basis: OPS, retention: DAY_KEY },
      day: { purpose: "the UTC day the key belongs to", basis: OPS, retention: DAY_KEY },
      key_id: { purpose: "random name of the key, carried in a network tag so a tag of an earlier key is known as stale", basis: OPS, retention: DAY_KEY },
      raw: {
        purpose: "the day's HMAC key (random bytes) for network hashes (rate limits, blocks, the start's proof of work) and the MAC of start challenges, stored so they hold across idle periods, eviction and restarts",
        basis: OPS,
        retention: DAY_KEY,
      },
    },
    attempts: {
      id: { purpose: "the limit and the keyed hash (under the day's key) of the client it counts: a network (for chat starts also its /56 and /48, or its IPv4 /24, each counted on its own), a network and a login name, or one key for the deployment", basis: SECURITY, retention: ATTEMPTS },
      window_start: { purpose: "the 10-minute window the count belongs to", basis: SECURITY, retention: ATTEMPTS },
      used: { purpose: "attempts counted in that window (a count)", basis: SECURITY, retention: ATTEMPTS },
    },
    blocks: {
      id: { purpose: "random id, for a supervisor to lift the block", basis: OPS, retention: BLOCK },
      helpline: { purpose: "the helpline whose chats the block bars", basis: OPS, retention: BLOCK },
      network: { purpose: "keyed hash of the blocked network under the day's key; never the address", basis: OPS, retention: "until the block ends, or midnight UTC (the day's key goes; the hash is deleted with it)" },
      ends_at: { purpose: "when the block ends", basis: OPS, retention: BLOCK },
      by_name: { purpose: "display name of the counsellor who set it, shown to supervisors", basis: OPS, retention: BLOCK },
      kept_chat: { purpose: "the kept chat whose resume the block also bars, so a supervisor's lift reaches it", basis: OPS, retention: BLOCK },
    },
    start_demands: {
      network: { purpose: "keyed hash (under the day's key) of a network (IPv6 /64 or IPv4 address) that started a chat or asked for a challenge, for its proof-of-work difficulty; a challenge is bound to it", basis: OPS, retention: DEMAND },
      at: { purpose: "when, to count its starts in the last 10 minutes and everyone's in the last minute", basis: OPS, retention: DEMAND },
      site: { purpose: "keyed hash of its IPv6 /56 under the same key (null for IPv4), for the difficulty of the /56's starts together", basis: OPS, retention: DEMAND },
      block: { purpose: "keyed hash of its IPv6 /48 or IPv4 /24 under the same key, for the difficulty of the /48's or /24's starts together", basis: OPS, retention: DEMAND },
    },
    spent_challenges: {
      nonce: { purpose: "random part of a start challenge already presented, so each works once (says nothing of who asked)", basis: OPS, retention: "until the challenge expires (2 minutes after it was issued), pruned within a minute; at midnight UTC with the key" },
      expires_at: { purpose: "when the challenge expires and the row goes", basis: OPS, retention: "until the challenge expires" },
    },
    survey_tickets: {
      ticket_hash: { purpose: "SHA-256 of an unanswered survey ticket (random; not linked to the chat)", basis: OPS, retention: TICKET },
      helpline: { purpose: "whose counts the answer goes to", basis: OPS, retention: TICKET },
      expires_at: { purpose: "when the ticket stops working and the row goes", basis: OPS, retention: TICKET },
    },
    erasure_due: {
      id: { purpose: "single-row key", basis: OPS, retention: "until the rewrite it books is made" },
      at: {
        purpose: "when the object rewrites its database files after the day's key was deleted, so the key's bytes leave them too (only a time)",
        basis: OPS,
        retention: `until that rewrite, at most ${ERASE_WITHIN_SECONDS} s after midnight UTC`,
      },
    },
  },
  Stats: {
    _schema: { version: schema },
    counters: {
      hour: { purpose: "the hour a count belongs to (hours since 1970, nothing finer)", basis: OPS, retention: HOURLY },
      metric: { purpose: "what was counted (chat offered, answered, abandoned, outside hours, topic, outcome, wait and chat duration, chats with a watched signal, escalations, urgent-wait alerts, visitors blocked, survey answers, warm handoffs agreed)", basis: OPS, retention: HOURLY },
      dimension: { purpose: "the category within a metric: which topic, outcome, survey answer or care partner, or which duration bucket (never one chat's value)", basis: OPS, retention: HOURLY },
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

/**
 * What Cloudflare keeps of the deployment outside the objects' storage (wrangler.toml's [observability];
 * test/worker/deploy-config.test.ts checks each environment). Invocation logs, traces, Logpush and tail
 * consumers are off: they would keep every request's URL (chat ids, invite codes), headers and location.
 */
export const PLATFORM: Record<string, Field> = {
  "Workers Logs": {
    purpose:
      "the lines the code writes (worker/log.ts: an event name, numbers and a helpline id; an error's class and stack) and uncaught exceptions, each stamped by Cloudflare with the Worker, a request id, the time and the outcome",
    basis: OPS,
    retention: "up to 7 days (3 on the Workers Free plan), then deleted by Cloudflare",
  },
  "real-time logs": {
    purpose:
      "wrangler tail and the dashboard's Live view show each request's URL, headers and location to an account member watching at that moment",
    basis: OPS,
    retention: "not stored: shown while someone watches",
  },
  "Security Events": {
    purpose:
      "once the edge rules the README asks for are on: for each request a WAF or rate-limiting rule acted on, its address, country, path and user agent (the zone's firewall events)",
    basis: OPS,
    retention: "as long as the zone's Cloudflare plan keeps security events",
  },
  "Workers metrics": {
    purpose: "counts of requests, errors and CPU time per Worker and Durable Object, with no request's details",
    basis: OPS,
    retention: "as Cloudflare keeps its analytics",
  },
};
