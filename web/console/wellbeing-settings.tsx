/** Which topics count as heavy for a counsellor, and when the console suggests a break. */
import type { HelplineSettings } from "../../schema/helpline";
import { Topic } from "../../schema/stats";
import { TOPICS } from "./categorise";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };

export function WellbeingSettings({ settings, change, errors }: Props) {
  const wellbeing = settings.wellbeing;
  const set = (patch: Partial<HelplineSettings["wellbeing"]>) => change({ wellbeing: { ...wellbeing, ...patch } });
  return (
    <>
      <h2>Counsellor wellbeing</h2>
      <fieldset>
        <legend>Heavy topics (a chat ended with one counts as heavy)</legend>
        {Topic.options.map((topic) => (
          <label key={topic} class="inline">
            <input
              type="checkbox"
              checked={wellbeing.heavyTopics.includes(topic)}
              onChange={(e) =>
                set({ heavyTopics: e.currentTarget.checked ? [...wellbeing.heavyTopics, topic] : wellbeing.heavyTopics.filter((t) => t !== topic) })
              }
            />
            {TOPICS[topic]}
          </label>
        ))}
      </fieldset>
      <label class="inline">
        <input type="checkbox" checked={wellbeing.nudgeAfterHeavy} onChange={(e) => set({ nudgeAfterHeavy: e.currentTarget.checked })} />
        Suggest a break after a heavy chat
      </label>
      <label>
        Suggest a break after this many minutes without one (15–480; empty: never)
        <input
          type="number"
          value={wellbeing.nudgeAfterMinutes ?? ""}
          onInput={(e) => set({ nudgeAfterMinutes: e.currentTarget.value === "" ? null : Number(e.currentTarget.value) })}
          {...describedBy(errors, "wellbeing.nudgeAfterMinutes")}
        />
      </label>
      <FieldError errors={errors} path="wellbeing.nudgeAfterMinutes" />
    </>
  );
}
