/** Ending a chat asks for its topic and outcome; they become counts in Stats, nothing more. */
import { useState } from "preact/hooks";
import type { Outcome, Topic } from "../../schema/stats";

export const TOPICS: Record<Topic, string> = {
  sexual_exploitation: "Sexual exploitation",
  criminal_exploitation: "Criminal exploitation",
  labour_exploitation: "Labour exploitation",
  loverboy_grooming: "Grooming by a 'loverboy'",
  online_sextortion: "Online sextortion",
  other: "Other",
};
export const OUTCOMES: Record<Outcome, string> = {
  information_given: "Information given",
  referred_to_care: "Referred to care",
  referred_to_police: "Referred to police",
  follow_up_agreed: "Follow-up agreed",
  ended_by_visitor: "Ended by visitor",
  no_contact: "No contact",
};

type Props = { ended: boolean; onSubmit: (topic: Topic, outcome: Outcome) => Promise<void>; onCancel?: () => void };

export function Categorise({ ended, onSubmit, onCancel }: Props) {
  const [topic, setTopic] = useState<Topic | "">("");
  const [outcome, setOutcome] = useState<Outcome | "">(ended ? "ended_by_visitor" : "");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!topic || !outcome) return;
    setBusy(true);
    try {
      await onSubmit(topic, outcome);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="categorise" onSubmit={submit} aria-label="Categorise the chat">
      <h3>{ended ? "Categorise this chat" : "End the chat"}</h3>
      <Choice label="Topic" options={TOPICS} value={topic} onChange={setTopic} />
      <Choice label="Outcome" options={OUTCOMES} value={outcome} onChange={setOutcome} />
      <button class="primary" type="submit" disabled={busy || !topic || !outcome}>
        {ended ? "Save categories" : "End and save"}
      </button>
      {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
    </form>
  );
}

function Choice<T extends string>(props: { label: string; options: Record<T, string>; value: T | ""; onChange: (value: T) => void }) {
  const entries = Object.entries(props.options) as [T, string][];
  return (
    <label>
      {props.label}
      <select required value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        <option value="">Choose…</option>
        {entries.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
    </label>
  );
}
