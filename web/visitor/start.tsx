/** Before the chat: what is kept (nothing, unless they choose), the optional danger question, start. */
import { useState } from "preact/hooks";
import type { Translate } from "../shared/i18n";

export type StartProblem = "failed" | "full" | "limited";
type Danger = "yes" | "no" | "skip";

type Props = {
  t: Translate;
  /** Starts the chat; resolves to what went wrong, if anything. */
  onStart: (inDanger: boolean | null) => Promise<StartProblem | null>;
  /** The device is doing the start's proof of work, and it is taking a moment. */
  working: boolean;
  neutralTitle: boolean;
  onNeutralTitle: (on: boolean) => void;
};

export function StartScreen({ t, onStart, working, neutralTitle, onNeutralTitle }: Props) {
  const [danger, setDanger] = useState<Danger>("skip");
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<StartProblem | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setStarting(true);
    setProblem(null);
    const result = await onStart(danger === "skip" ? null : danger === "yes");
    setStarting(false);
    setProblem(result);
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="start-heading">
      <h1 id="start-heading" tabIndex={-1}>{t("start.heading")}</h1>
      <p>{t("start.promise")}</p>
      <p>{t("start.trace")}</p>
      <fieldset>
        <legend>{t("start.danger.question")}</legend>
        {(["yes", "no", "skip"] as const).map((value) => (
          <label key={value} class="choice">
            <input type="radio" name="danger" value={value} checked={danger === value} onChange={() => setDanger(value)} />
            {t(`start.danger.${value}`)}
          </label>
        ))}
        {danger === "yes" && (
          <p class="urgent">
            <a href="tel:112">{t("start.danger.emergency")}</a>
          </p>
        )}
      </fieldset>
      <label class="choice">
        <input type="checkbox" checked={neutralTitle} onChange={(e) => onNeutralTitle(e.currentTarget.checked)} />
        {t("start.neutralTitle")}
      </label>
      <button type="submit" class="primary" disabled={starting}>
        {starting ? t("start.busy") : t("start.button")}
      </button>
      <p role="status">{working ? t("start.working") : ""}</p>
      {problem && <p role="alert">{t(problem === "full" ? "start.full" : problem === "limited" ? "limited" : "start.failed")}</p>}
      <p class="hint">{t("exit.hint")}</p>
    </form>
  );
}
