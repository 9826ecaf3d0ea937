/** Coming back to a kept conversation with its code, on any device: continue it, or delete it. */
import { useEffect, useState } from "preact/hooks";
import type { StartChatResponse } from "../../schema/http";
import { ApiFailure, call } from "../shared/client";
import type { Lang, translator } from "../shared/i18n";

type T = ReturnType<typeof translator>;

export function Resume({ t, lang, onResumed }: { t: T; lang: Lang; onResumed: (chat: StartChatResponse) => void }) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The form replaces the button that opened it: focus goes to its field rather than to nowhere.
  useEffect(() => {
    if (open) document.getElementById("resume-code")?.focus();
  }, [open]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await action();
    } catch (err) {
      const status = err instanceof ApiFailure ? err.status : 0;
      const blocked = err instanceof ApiFailure && err.body.error === "blocked";
      setMessage(blocked ? t("blocked.resume") : status === 429 ? t("limited") : status === 404 ? t("resume.unknown") : t("keep.failed"));
    } finally {
      setBusy(false);
    }
  };
  const resume = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const chat = await call("POST /api/resume", { json: { code, language: lang } });
      onResumed({ conversationId: chat.conversationId, token: chat.token });
    });
  };
  const remove = () =>
    run(async () => {
      await call("POST /api/resume/delete", { json: { code } });
      setCode("");
      setMessage(t("resume.deleted"));
    });

  if (!open) {
    return (
      <button type="button" class="link" onClick={() => setOpen(true)}>
        {t("resume.open")}
      </button>
    );
  }
  return (
    <form class="card" onSubmit={resume} aria-labelledby="resume-heading">
      <h2 id="resume-heading">{t("resume.heading")}</h2>
      <label>
        {t("resume.code")}
        <input id="resume-code" type="text" autocomplete="off" autocapitalize="characters" spellcheck={false} maxLength={40} value={code} onInput={(e) => setCode(e.currentTarget.value)} required />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t("resume.continue")}
        </button>
        <button type="button" disabled={busy || code === ""} onClick={remove}>
          {t("resume.delete")}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
