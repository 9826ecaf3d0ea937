/**
 * A warm handoff inside a chat: the counsellor proposes (a partner and a short summary), the visitor
 * reads exactly that and agrees or declines. Until they agree nothing leaves the chat's object; the
 * open proposal lives in the chat's own storage and goes with it. On agreement the helpline's
 * Handoffs object keeps what was agreed and hands back the code both parties see.
 */
import type { HandoffAnswerIn, HandoffProposalOut, HandoffProposeIn } from "../schema/handoff";
import { HANDOFF_TEXT_VERSION } from "../schema/handoff-text";
import type { ErrorCode, Party, ServerFrame, Viewer } from "../schema/protocol";
import { formatResumeCode } from "../schema/resume-code";
import { randomToken } from "./crypto";
import { sendError } from "./frames";
import { logError, logEvent } from "./log";
import { handoffAgreed } from "./stats-events";

/** One of the chat's migrations; IF NOT EXISTS because chats from before made it on their first proposal. */
export const PROPOSAL_TABLE = `CREATE TABLE IF NOT EXISTS handoff_proposal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  proposal TEXT NOT NULL,
  partner TEXT NOT NULL,
  summary TEXT NOT NULL,
  proposed_by TEXT NOT NULL
)`;

/** The partner as the visitor was shown it: what they agree to is this, whatever an admin edits meanwhile. */
type ShownPartner = { id: string; name: { nl: string; en: string }; does: { nl: string; en: string }; phone: string; web: string };
type Row = { proposal: string; partner: string; summary: string; proposed_by: string };

/** What the chat tells this module: where it stores, whom it may tell, and who holds it. */
export type HandoffChat = {
  sql: SqlStorage;
  env: Env;
  helpline: string;
  /** The assigned counsellor's staff id while the chat is active; null otherwise. */
  counsellorId: string | null;
  broadcast: (frame: ServerFrame, to?: Party) => void;
};

export async function onHandoffFrame(chat: HandoffChat, ws: WebSocket, role: Viewer, frame: HandoffProposeIn | HandoffAnswerIn): Promise<void> {
  if (frame.type === "handoff_propose") {
    if (role !== "counsellor") return sendError(ws, "bad_frame", "Frame does not match the protocol.");
    return propose(chat, ws, frame);
  }
  if (role !== "visitor") return sendError(ws, "bad_frame", "Frame does not match the protocol.");
  return answer(chat, ws, frame);
}

/** The open proposal, for a socket that (re)connects. */
export function openProposal(sql: SqlStorage): HandoffProposalOut | null {
  const row = read(sql);
  return row ? proposalFrame(row) : null;
}

/** An unanswered proposal goes when the chat ends, kept or not: consent was never given. */
export function eraseProposal(sql: SqlStorage): void {
  sql.exec("DELETE FROM handoff_proposal");
}

async function propose(chat: HandoffChat, ws: WebSocket, frame: HandoffProposeIn): Promise<void> {
  if (chat.counsellorId === null) return sendError(ws, "chat_ended", "This chat has ended.");
  const { carePartners } = await chat.env.DESK.getByName(chat.helpline).settings();
  const partner = carePartners.find((p) => p.id === frame.partner);
  if (!partner) return sendError(ws, "unknown_partner", "This helpline lists no such care partner.");
  const shown: ShownPartner = { id: partner.id, name: partner.name, does: partner.does, phone: partner.phone, web: partner.web };
  const row: Row = { proposal: randomToken(96), partner: JSON.stringify(shown), summary: frame.summary, proposed_by: chat.counsellorId };
  // A new proposal replaces the open one: an answer to the old one is stale from now on.
  chat.sql.exec(
    `INSERT INTO handoff_proposal (id, proposal, partner, summary, proposed_by) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET proposal = excluded.proposal, partner = excluded.partner, summary = excluded.summary, proposed_by = excluded.proposed_by`,
    row.proposal,
    row.partner,
    row.summary,
    row.proposed_by,
  );
  chat.broadcast(proposalFrame(row));
  logEvent("handoff.proposed", {}, chat.helpline);
  await audit(chat, row.proposed_by, "handoff_proposed");
}

async function answer(chat: HandoffChat, ws: WebSocket, frame: HandoffAnswerIn): Promise<void> {
  const row = read(chat.sql);
  const refused = refusal(row, frame);
  if (refused || !row) return sendError(ws, refused ?? "no_proposal", REFUSALS[refused ?? "no_proposal"]);
  // Taken before anything is awaited, so a second answer finds no proposal rather than a second handoff.
  chat.sql.exec("DELETE FROM handoff_proposal");
  if (!frame.agree) {
    chat.broadcast({ type: "handoff_declined", proposal: row.proposal });
    logEvent("handoff.declined", {}, chat.helpline);
    return;
  }
  const partner = JSON.parse(row.partner) as ShownPartner;
  let stored: { code: string; expiresAt: number };
  try {
    stored = await chat.env.HANDOFFS.getByName(chat.helpline).store({ partnerId: partner.id, summary: row.summary, textVersion: frame.version });
  } catch (error) {
    // Nothing was handed over: the proposal stands, so the visitor can answer it again.
    logError("handoff.store_failed", error);
    restore(chat.sql, row);
    return sendError(ws, "internal", "Something went wrong; please try again.");
  }
  chat.broadcast({
    type: "handoff_made",
    partner: { id: partner.id, name: partner.name, phone: partner.phone, web: partner.web },
    summary: row.summary,
    code: formatResumeCode(stored.code),
    until: stored.expiresAt,
  });
  logEvent("handoff.agreed", {}, chat.helpline);
  await handoffAgreed(chat.env, chat.helpline, partner.id);
  await audit(chat, row.proposed_by, "handoff_agreed");
}

type Refusal = Extract<ErrorCode, "no_proposal" | "stale_proposal">;
const REFUSALS: Record<Refusal, string> = {
  no_proposal: "There is no handoff to answer.",
  stale_proposal: "The proposal has changed. Please read it again.",
};

function refusal(row: Row | null, frame: HandoffAnswerIn): Refusal | null {
  if (!row) return "no_proposal";
  // The consent text the page showed must be the one recorded; an old page reads an old text.
  if (row.proposal !== frame.proposal || frame.version !== HANDOFF_TEXT_VERSION) return "stale_proposal";
  return null;
}

function proposalFrame(row: Row): HandoffProposalOut {
  const partner = JSON.parse(row.partner) as ShownPartner;
  return { type: "handoff_proposal", proposal: row.proposal, partner: { id: partner.id, name: partner.name, does: partner.does }, summary: row.summary };
}

function read(sql: SqlStorage): Row | null {
  return sql.exec<Row>("SELECT proposal, partner, summary, proposed_by FROM handoff_proposal").toArray()[0] ?? null;
}

function restore(sql: SqlStorage, row: Row): void {
  sql.exec(
    "INSERT OR IGNORE INTO handoff_proposal (id, proposal, partner, summary, proposed_by) VALUES (1, ?, ?, ?, ?)",
    row.proposal,
    row.partner,
    row.summary,
    row.proposed_by,
  );
}

/** Who proposed, and that the visitor agreed: never the text, the partner or the chat. */
async function audit(chat: HandoffChat, staffId: string, action: "handoff_proposed" | "handoff_agreed"): Promise<void> {
  try {
    await chat.env.STAFF.getByName("staff").record(staffId, action, chat.helpline);
  } catch (error) {
    logError("handoff.audit_failed", error);
  }
}
