/** The place in the queue and an honest estimate, announced politely as they change. */
import type { ChatView } from "../shared/chat-connection";
import type { Translate } from "../shared/i18n";

function estimate(t: Translate, seconds: number | null): string {
  if (seconds === null) return t("wait.noEstimate");
  if (seconds < 90) return t("wait.estimateShort");
  return t("wait.estimate", { minutes: Math.round(seconds / 60) });
}

export function Waiting({ t, view }: { t: Translate; view: ChatView }) {
  return (
    <div class="waiting" role="status">
      {view.position === null ? (
        <p>{t("wait.connecting")}</p>
      ) : (
        <>
          <p>{t("wait.position", { position: view.position })}</p>
          <p>{estimate(t, view.waitSeconds)}</p>
        </>
      )}
      <p>{t("wait.leaveMessage")}</p>
    </div>
  );
}
