/**
 * The two optional questions after a chat. The page spends the single-use ticket its chat's end
 * handed it; nothing else is sent, so the answers cannot be linked to the chat.
 */
import { useState } from "preact/hooks";
import type { ComeBack, Helped, SurveyBody } from "../../schema/survey";
import { call } from "../shared/client";
import type { Key, Translate } from "../shared/i18n";

type Props = { t: Translate; ticket: string };

const HELPED: readonly (readonly [Helped, Key])[] = [["yes", "survey.helped.yes"], ["a_bit", "survey.helped.a_bit"], ["no", "survey.helped.no"]];
const AGAIN: readonly (readonly [ComeBack, Key])[] = [["yes", "survey.again.yes"], ["maybe", "survey.again.maybe"], ["no", "survey.again.no"]];

export function Survey({ t, ticket }: Props) {
  const [helped, setHelped] = useState<Helped | undefined>(undefined);
  const [again, setAgain] = useState<ComeBack | undefined>(undefined);
  const [state, setState] = useState<"open" | "sending" | "sent" | "failed">("open");
  if (state === "sent" || state === "failed") {
    return <p role="status" class="survey-done">{t(state === "sent" ? "survey.thanks" : "survey.failed")}</p>;
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setState("sending");
    const body: SurveyBody = { ticket, ...(helped ? { helped } : {}), ...(again ? { again } : {}) };
    setState(await call("POST /api/survey", { json: body }).then(() => "sent" as const, () => "failed" as const));
  };
  return (
    <form class="survey" onSubmit={submit} aria-labelledby="survey-heading">
      <h2 id="survey-heading">{t("survey.heading")}</h2>
      <Question t={t} name="helped" legend="survey.helped" options={HELPED} value={helped} onChange={setHelped} />
      <Question t={t} name="again" legend="survey.again" options={AGAIN} value={again} onChange={setAgain} />
      <p class="hint">{t("survey.note")}</p>
      <button type="submit" disabled={state === "sending" || (helped === undefined && again === undefined)}>{t("survey.send")}</button>
    </form>
  );
}

type QuestionProps<A extends string> = {
  t: Translate;
  name: "helped" | "again";
  legend: Key;
  options: readonly (readonly [A, Key])[];
  value: A | undefined;
  onChange: (answer: A) => void;
};

function Question<A extends string>({ t, name, legend, options, value, onChange }: QuestionProps<A>) {
  return (
    <fieldset>
      <legend>{t(legend)}</legend>
      {options.map(([option, label]) => (
        <label key={option} class="choice">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
}
