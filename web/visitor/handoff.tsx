/**
 * A warm handoff on the visitor's page: the counsellor's proposal in plain words (the exact summary,
 * who would get it, what happens), a yes and a no; after a yes, the partner's contact and the code,
 * kept in this page's memory only, with a way to withdraw it. It stays on the ended screen too.
 */
import { useState } from "preact/hooks";
import { HANDOFF_RETENTION_DAYS } from "../../schema/handoff-text";
import { call } from "../shared/client";
import type { ChatConnection, ChatView } from "../shared/chat-connection";
import type { Lang, Translate } from "../shared/i18n";

type Props = { t: Translate; lang: Lang; view: ChatView; connection: ChatConnection | null; helpline: string | null };

export function Handoff({ t, lang, view, connection, helpline }: Props) {
  const { proposal, declined, made } = view.handoff;
  const [withdrawn, setWithdrawn] = useState<"no" | "yes" | "failed">("no");
  if (proposal && connection && view.status === "active") {
    const partner = proposal.partner.name[lang];
    return (
      <section class="keep handoff" aria-labelledby="handoff-heading">
        <h2 id="handoff-heading">{t("handoff.offer.heading", { partner })}</h2>
        <p>{proposal.partner.does[lang]}</p>
        <p>{t("handoff.offer.summaryLabel", { partner })}</p>
        <blockquote class="summary" data-testid="handoff-summary">{proposal.summary}</blockquote>
        <p>{t("handoff.offer.what", { partner })}</p>
        <p>{t("handoff.offer.howLong", { partner, days: HANDOFF_RETENTION_DAYS })}</p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => connection.answerHandoff(proposal.proposal, true)}>
            {t("handoff.offer.yes")}
          </button>
          <button type="button" onClick={() => connection.answerHandoff(proposal.proposal, false)}>
            {t("handoff.offer.no")}
          </button>
        </div>
      </section>
    );
  }
  if (!made) return declined ? <p role="status" class="notice">{t("handoff.declined")}</p> : null;
  const partner = made.partner.name[lang];
  if (withdrawn === "yes") return <p role="status" class="notice">{t("handoff.withdrawn")}</p>;
  const until = new Date(made.until).toLocaleDateString(lang === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long" });
  const withdraw = () =>
    call("POST /api/handoffs/withdraw", { json: { code: made.code }, helpline }).then(
      () => setWithdrawn("yes"),
      () => setWithdrawn("failed"),
    );
  return (
    <section class="keep handoff" aria-labelledby="handoff-made-heading">
      <h2 id="handoff-made-heading">{t("handoff.made.heading", { partner })}</h2>
      <ul class="alternatives">
        {made.partner.phone && (
          <li>
            <a href={`tel:${made.partner.phone.replace(/[\s-]/g, "")}`}>{t("handoff.made.call", { phone: made.partner.phone })}</a>
          </li>
        )}
        {made.partner.web && (
          <li>
            <a href={made.partner.web} target="_blank" rel="noopener noreferrer">{t("handoff.made.web", { partner })}</a>
          </li>
        )}
      </ul>
      <p>{t("handoff.made.code")}</p>
      <p class="code" data-testid="handoff-code">{made.code}</p>
      <p>{t("handoff.made.write")}</p>
      <p>{t("handoff.made.until", { partner, date: until })}</p>
      {withdrawn === "failed" && <p role="alert" class="notice">{t("handoff.withdrawFailed")}</p>}
      <button type="button" class="secondary" onClick={withdraw}>{t("handoff.withdraw")}</button>
    </section>
  );
}
