/**
 * Ending the chat asks once more: the button sits under Send, and a slip would end a conversation
 * that may have taken a young person weeks to dare. Quick exit stays one action; this is not it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Translate } from "../shared/i18n";

export function EndChat({ t, onEnd }: { t: Translate; onEnd: () => void }) {
  const [asking, setAsking] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  const noButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus follows the question, and comes back to the button after "no", so a keyboard user is not lost.
  useEffect(() => {
    if (asking) noButton.current?.focus();
    else if (asked.current) endButton.current?.focus();
    asked.current ||= asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="secondary" ref={endButton} onClick={() => setAsking(true)}>
        {t("chat.end")}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: two buttons and their question, not form fields; a fieldset would bring a form's border and legend rules
    <div role="group" aria-labelledby="end-question" class="confirm">
      <p id="end-question">{t("chat.endQuestion")}</p>
      <button type="button" class="secondary" onClick={onEnd}>
        {t("chat.endYes")}
      </button>
      <button type="button" class="primary" ref={noButton} onClick={() => setAsking(false)}>
        {t("chat.endNo")}
      </button>
    </div>
  );
}
