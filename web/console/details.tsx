/**
 * Optional personal details (age band, gender, province), offered only while the visitor has chosen
 * to keep the conversation; otherwise the counsellor records only the anonymous categories.
 */
import type { DetailsBody } from "../../schema/details";
import { AGE_BANDS, DETAIL_LABELS, GENDERS, REGIONS } from "../../schema/details-options";
import { call } from "../shared/client";
import { useAction } from "./use-action";

const FIELDS = [
  { name: "ageBand", label: "Age band", options: AGE_BANDS },
  { name: "gender", label: "Gender", options: GENDERS },
  { name: "region", label: "Province", options: REGIONS },
] as const;

export function Details({ conversationId, kept }: { conversationId: string; kept: boolean }) {
  const { message: status, setMessage: setStatus, run } = useAction("Could not save.");
  if (!kept) {
    return <p class="hint">Personal details can be kept only if the visitor chooses to keep this conversation.</p>;
  }
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const pick = <T extends string>(name: string, options: readonly T[]): T | null =>
      options.find((o) => o === form.get(name)) ?? null;
    const body: DetailsBody = { ageBand: pick("ageBand", AGE_BANDS), gender: pick("gender", GENDERS), region: pick("region", REGIONS) };
    if (await run(() => call("POST /api/console/chats/:id/details", { param: { id: conversationId }, json: body }))) setStatus("Saved.");
  };
  return (
    <form class="details" onSubmit={save} aria-label="Personal details (with consent)">
      <p class="hint">The visitor chose to keep this conversation. Record only what they told you and agreed to.</p>
      {FIELDS.map((field) => (
        <label key={field.name}>
          {field.label}
          <select name={field.name}>
            <option value="">Not told</option>
            {field.options.map((o) => (
              <option key={o} value={o}>{DETAIL_LABELS[o]}</option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">Save details</button>
      {status && <p role="status">{status}</p>}
    </form>
  );
}
