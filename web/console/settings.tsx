/**
 * The admin's helpline settings: name, colour, logo and other basics, opening hours and time zone,
 * where a closed visitor is pointed, partner sites, care partners for a warm handoff, risk words (Dutch and English), canned replies,
 * and whether the Desk offers the next chat to the least-loaded counsellor. The page checks them with
 * the schema the API uses, so a problem shows next to its field and nothing half-valid is sent.
 */
import { useEffect, useState } from "preact/hooks";
import { HelplineSettings } from "../../schema/helpline";
import { call } from "../shared/client";
import { AlternativesSettings } from "./alternatives-settings";
import { CarePartnersSettings } from "./care-partners-settings";
import { type FieldErrors, NO_ERRORS, fieldErrors } from "./field-errors";
import { HoursSettings } from "./hours-settings";
import { IdentitySettings } from "./identity-settings";
import { OriginsSettings } from "./origins-settings";
import { SafeguardingSettings } from "./safeguarding-settings";
import { useAction } from "./use-action";
import { WellbeingSettings } from "./wellbeing-settings";

type Canned = HelplineSettings["cannedReplies"][number];
const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

export function Settings({ helpline }: { helpline: string }) {
  const [settings, setSettings] = useState<HelplineSettings | null>(null);
  const { message, setMessage, run } = useAction("Could not reach the server.");
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  useEffect(() => void call("GET /api/admin/helpline", { helpline }).then(setSettings), []);
  if (!settings) return <section class="panel settings"><p>Loading…</p></section>;

  const change = (patch: Partial<HelplineSettings>) => setSettings({ ...settings, ...patch });
  const changeReply = (i: number, reply: Canned) =>
    change({ cannedReplies: settings.cannedReplies.map((r, j) => (j === i ? reply : r)) });
  const save = async (e: Event) => {
    e.preventDefault();
    const checked = HelplineSettings.safeParse(settings);
    setErrors(checked.success ? NO_ERRORS : fieldErrors(checked.error.issues));
    // The first problem is named here too: a few fields (a risk word, a canned reply) have no mark of their own.
    const first = checked.error?.issues[0];
    if (first) return setMessage(`Nothing was saved: fix the marked fields first (${first.path.join(".")}: ${first.message}).`);
    if (await run(() => call("PUT /api/admin/helpline", { json: settings, helpline }))) setMessage("Settings saved.");
  };

  return (
    <form class="panel settings" onSubmit={save} aria-label="Helpline settings">
      <IdentitySettings settings={settings} change={change} onProblem={setMessage} errors={errors} />
      <HoursSettings settings={settings} change={change} errors={errors} />
      <AlternativesSettings settings={settings} change={change} errors={errors} />
      <OriginsSettings settings={settings} change={change} errors={errors} />
      <SafeguardingSettings settings={settings} change={change} errors={errors} />
      <CarePartnersSettings settings={settings} change={change} errors={errors} />
      <h2>Risk words</h2>
      <p class="hint">One word or phrase per line. A waiting chat whose first messages contain one becomes urgent (whole words; case and accents do not matter).</p>
      {(["nl", "en"] as const).map((lang) => (
        <label key={lang}>
          Risk words ({lang})
          <textarea
            rows={6}
            value={settings.riskWords[lang].join("\n")}
            onChange={(e) => change({ riskWords: { ...settings.riskWords, [lang]: lines(e.currentTarget.value) } })}
          />
        </label>
      ))}
      <h2>Canned replies</h2>
      <p class="hint">Counsellors insert the first nine with Alt+1 … Alt+9, in the visitor's language.</p>
      {settings.cannedReplies.map((reply, i) => (
        <fieldset key={i}>
          <legend>Reply {i + 1}</legend>
          <label>Title<input type="text" maxLength={80} value={reply.title} onChange={(e) => changeReply(i, { ...reply, title: e.currentTarget.value })} /></label>
          {(["nl", "en"] as const).map((lang) => (
            <label key={lang}>
              Text ({lang})
              <textarea rows={2} maxLength={500} value={reply.text[lang]} onChange={(e) => changeReply(i, { ...reply, text: { ...reply.text, [lang]: e.currentTarget.value } })} />
            </label>
          ))}
          <button type="button" onClick={() => change({ cannedReplies: settings.cannedReplies.filter((_, j) => j !== i) })}>Remove</button>
        </fieldset>
      ))}
      <button type="button" onClick={() => change({ cannedReplies: [...settings.cannedReplies, { title: "", text: { nl: "", en: "" } }] })}>
        Add a canned reply
      </button>
      <h2>Offering chats</h2>
      <label class="inline">
        <input type="checkbox" checked={settings.offerNext} onChange={(e) => change({ offerNext: e.currentTarget.checked })} />
        Offer the next chat to the least-loaded available counsellor
      </label>
      <WellbeingSettings settings={settings} change={change} errors={errors} />
      <button class="primary" type="submit">Save settings</button>
      {message && <p role="status" class="notice">{message}</p>}
    </form>
  );
}
