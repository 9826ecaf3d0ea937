/**
 * Finding a warm handoff by its code: a partner calls (or the visitor does) and reads out the code;
 * the counsellor sees exactly what the visitor agreed to hand over. Every lookup is audited.
 */
import { useState } from "preact/hooks";
import type { HandoffRecord } from "../../schema/handoff";
import { call } from "../shared/client";
import { useAction } from "./use-action";
import { StaffTime } from "./staff-time";

export function HandoffLookup({ helpline }: { helpline: string }) {
  const [code, setCode] = useState("");
  const [found, setFound] = useState<HandoffRecord | null>(null);
  const { message, run } = useAction("Could not reach the server.");
  const look = async (e: Event) => {
    e.preventDefault();
    setFound(null);
    await run(async () => setFound(await call("POST /api/console/handoffs/lookup", { json: { code }, helpline })));
  };
  return (
    <section class="panel settings" aria-labelledby="handoff-lookup-heading">
      <h2 id="handoff-lookup-heading">Find a warm handoff</h2>
      <p class="hint">Enter the code the partner or the visitor reads out. You see only what the visitor agreed to hand over; the lookup is in the audit trail.</p>
      <form onSubmit={look} aria-label="Find a handoff by code">
        <label>
          Handoff code
          <input type="text" autoComplete="off" maxLength={16} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <button class="primary" type="submit" disabled={!code.trim()}>Find</button>
      </form>
      {message && <p role="alert" class="notice">{message}</p>}
      {found && (
        <dl class="handoff-record" data-testid="handoff-record">
          <dt>Care partner</dt>
          <dd>{found.partner.name ?? found.partner.id}</dd>
          <dt>Summary the visitor agreed to</dt>
          <dd>{found.summary}</dd>
          <dt>Consent given</dt>
          <dd><StaffTime at={found.consentedAt} /> (text version {found.textVersion})</dd>
          <dt>Deleted on</dt>
          <dd><StaffTime at={found.expiresAt} /></dd>
        </dl>
      )}
    </section>
  );
}
