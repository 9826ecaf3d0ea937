/**
 * Warm handoff from the chat panel: choose a care partner, write a short summary, and send it to the
 * visitor, who reads exactly that and says yes or no. Nothing reaches the partner before a yes; after
 * one the counsellor gets the code and a text to pass on through the organisation's secure channel.
 */
import { useState } from "preact/hooks";
import type { CarePartner } from "../../schema/handoff";
import { HANDOFF_SUMMARY_CHARS } from "../../schema/handoff-text";
import type { ChatConnection, ChatView } from "../shared/chat-connection";
import { CopyButton } from "./copy-button";
import { StaffTime } from "./staff-time";

type FormProps = { partners: CarePartner[]; connection: ChatConnection; onDone: () => void };

export function HandoffForm({ partners, connection, onDone }: FormProps) {
  const [partner, setPartner] = useState("");
  const [summary, setSummary] = useState("");
  const submit = (e: Event) => {
    e.preventDefault();
    if (!partner || !summary.trim()) return;
    connection.proposeHandoff(partner, summary.trim());
    onDone();
  };
  return (
    <form class="transfer" onSubmit={submit} aria-label="Warm handoff">
      <h3>Warm handoff to a care partner</h3>
      {partners.length === 0 && <p class="hint">This helpline lists no care partners yet (an admin adds them under Helpline settings).</p>}
      <label>
        Care partner
        <select required value={partner} onChange={(e) => setPartner(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id}>{p.name.nl}</option>
          ))}
        </select>
      </label>
      <label>
        Summary for the partner (the visitor reads it word for word before deciding)
        <textarea rows={4} required maxLength={HANDOFF_SUMMARY_CHARS} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} aria-describedby="handoff-count" />
      </label>
      <p class="hint" id="handoff-count">{summary.length} / {HANDOFF_SUMMARY_CHARS} characters. Only what the visitor needs the partner to know; no name unless they want it there.</p>
      <button class="primary" type="submit" disabled={!partner || !summary.trim()}>Ask the visitor</button>
      <button type="button" onClick={onDone}>Cancel</button>
    </form>
  );
}

/** Where the handoff stands, for the counsellor: waiting for the visitor, declined, or handed over. */
export function HandoffStatus({ view }: { view: ChatView }) {
  const { proposal, declined, made } = view.handoff;
  if (proposal) {
    return (
      <section class="notice" aria-label="Handoff proposal">
        <p role="status">Waiting for the visitor's answer about {proposal.partner.name.nl}. They read:</p>
        <blockquote>{proposal.summary}</blockquote>
        <p class="hint">A new proposal replaces this one and needs a new answer.</p>
      </section>
    );
  }
  if (made) {
    const text = `Warme overdracht naar ${made.partner.name.nl}. Code: ${made.code}. Samenvatting, door de jongere gelezen en goedgekeurd: ${made.summary}`;
    return (
      <section class="notice" aria-label="Handoff made">
        <p role="status">
          The visitor agreed. {made.partner.name.nl} can be given code <strong data-testid="handoff-code">{made.code}</strong> (the visitor has it too); any
          counsellor of this helpline can look it up under "Handoffs" until <StaffTime at={made.until} />.
        </p>
        <p>For the partner, through the organisation's secure channel:</p>
        <blockquote>{text}</blockquote>
        <CopyButton text={text} what="the text" />
      </section>
    );
  }
  return declined ? <p role="status" class="notice">The visitor said no. Nothing was handed over.</p> : null;
}
