/**
 * "Keep this conversation so I can come back": the plain-words explanation, the consent, the resume
 * code (shown once, never stored on the device) and deleting at once. Without this choice the chat
 * is erased when it ends.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { KeepTerms } from "../../schema/consent";
import type { StartChatResponse } from "../../schema/http";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { ApiFailure, call } from "../shared/client";
import type { ChatView } from "../shared/chat-connection";
import type { Lang, translator } from "../shared/i18n";

type T = ReturnType<typeof translator>;
type Step = { kind: "offer" } | { kind: "explain"; terms: KeepTerms } | { kind: "kept"; code: string; until: number };
/** What went wrong with the last request; `limited` is the server's 429 for too many tries from this client. */
type Problem = "failed" | "limited";

const FOCUS_ON: Record<Step["kind"], string> = { offer: "keep-offer", explain: "keep-heading", kept: "code-heading" };

export function formatDate(at: number, lang: Lang): string {
  return new Date(at).toLocaleDateString(lang === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric" });
}

type Props = { chat: StartChatResponse; view: ChatView; t: T; lang: Lang; helpline: string | null };

export function Consent({ chat, view, t, lang, helpline }: Props) {
  const [step, setStep] = useState<Step>({ kind: "offer" });
  const [busy, setBusy] = useState(false);
  // A failure leaves the step as it was (the code stays on screen if deleting fails) and says why.
  const [problem, setProblem] = useState<Problem | null>(null);
  // Each step replaces the control that was just pressed, so focus moves to what took its place: the
  // explanation's heading, the code's heading (a screen reader reads it out), or the offer again.
  const firstStep = useRef(true);
  useEffect(() => {
    if (!firstStep.current) document.getElementById(FOCUS_ON[step.kind])?.focus();
    firstStep.current = false;
  }, [step.kind]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(error instanceof ApiFailure && error.status === 429 ? "limited" : "failed");
    } finally {
      setBusy(false);
    }
  };
  const explain = () => run(async () => setStep({ kind: "explain", terms: await call("GET /api/keep", { helpline }) }));
  const keep = () =>
    run(async () => {
      // The version of the words this page was built with, not the server's: a page older than the
      // current wording is refused (409) instead of recording consent to words it never showed.
      const kept = await call("POST /api/chats/:id/keep", {
        param: { id: chat.conversationId },
        json: { token: chat.token, version: CONSENT_TEXT_VERSION },
      });
      setStep({ kind: "kept", code: kept.code, until: kept.keptUntil });
    });
  const remove = () => {
    if (!confirm(t("keep.deleteConfirm"))) return;
    void run(() => call("POST /api/chats/:id/withdraw", { param: { id: chat.conversationId }, json: { token: chat.token } }));
  };

  const alert = problem && <p role="alert">{t(problem === "limited" ? "limited" : "keep.failed")}</p>;
  // The answer to our request or the server's "kept" frame, whichever arrives first.
  const keptUntil = view.keptUntil ?? (step.kind === "kept" ? step.until : null);
  if (keptUntil !== null) {
    return (
      <section class="keep" aria-label={t("keep.heading")}>
        {step.kind === "kept" && (
          <>
            <h2 id="code-heading" tabIndex={-1}>{t("keep.codeHeading")}</h2>
            <p class="code" data-testid="resume-code">{step.code}</p>
            <p>{t("keep.codeHint")}</p>
          </>
        )}
        <p>{t("keep.keptUntil", { date: formatDate(keptUntil, lang) })}</p>
        <button type="button" class="secondary" disabled={busy} onClick={remove}>
          {t("keep.delete")}
        </button>
        {alert}
      </section>
    );
  }
  if (step.kind === "explain") {
    const until = Date.now() + step.terms.retentionDays * 86_400_000;
    return (
      <section class="keep" aria-labelledby="keep-heading">
        <h2 id="keep-heading" tabIndex={-1}>{t("keep.heading")}</h2>
        <p>{t("keep.what")}</p>
        <p>{t("keep.howLong", { days: step.terms.retentionDays, date: formatDate(until, lang) })}</p>
        <p>{t("keep.code")}</p>
        <p>{t("keep.withdraw")}</p>
        <div class="actions">
          <button type="button" class="primary" disabled={busy} onClick={keep}>
            {t("keep.yes")}
          </button>
          <button type="button" disabled={busy} onClick={() => {
              setProblem(null);
              setStep({ kind: "offer" });
            }}>
            {t("keep.no")}
          </button>
        </div>
        {alert}
      </section>
    );
  }
  return (
    <div class="keep">
      <button type="button" id="keep-offer" class="link" disabled={busy} onClick={explain}>
        {t("keep.offer")}
      </button>
      {alert}
    </div>
  );
}

/** The line on the "chat ended" card: kept until a date, deleted, or nothing kept. */
export function endedText(view: ChatView, t: T, lang: Lang): string {
  if (view.endedBy === "deleted") return t("keep.deleted");
  if (view.endedBy === "blocked") return t("blocked.ended");
  if (view.keptUntil !== null) return t("ended.kept", { date: formatDate(view.keptUntil, lang) });
  return t("ended.text");
}
