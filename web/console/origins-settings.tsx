/** The partner sites allowed to show the chat in an iframe (embed.js): exact origins, nothing else. */
import type { HelplineSettings } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; errors: FieldErrors };

const MAX_ORIGINS = 20;

export function OriginsSettings({ settings, change, errors }: Props) {
  const list = settings.embedOrigins;
  const set = (i: number, origin: string) => change({ embedOrigins: list.map((o, j) => (j === i ? origin : o)) });
  return (
    <>
      <h2>Partner sites that may embed the chat</h2>
      <p class="hint">The origin only, such as https://school.example: no path, no wildcard.</p>
      {list.length === 0 && <p class="hint">None: no other site can show the chat.</p>}
      {list.map((origin, i) => (
        <div key={i} class="range">
          <label>
            Partner origin {i + 1}
            <input type="text" inputMode="url" value={origin} onInput={(e) => set(i, e.currentTarget.value)} {...describedBy(errors, `embedOrigins.${i}`)} />
          </label>
          <FieldError errors={errors} path={`embedOrigins.${i}`} />
          <button type="button" onClick={() => change({ embedOrigins: list.filter((_, j) => j !== i) })}>Remove partner origin {i + 1}</button>
        </div>
      ))}
      {list.length < MAX_ORIGINS && <button type="button" onClick={() => change({ embedOrigins: [...list, ""] })}>Add a partner origin</button>}
    </>
  );
}
