/**
 * The part of the helpline settings that makes it look and behave as its own: name, colour, logo,
 * where the quick exit goes, how long kept chats last and from what count the dashboard shows "<5".
 * The page checks them with the settings schema before saving, and the worker checks them again.
 */
import type { HelplineSettings } from "../../schema/helpline";
import { type FieldErrors, FieldError, describedBy } from "./field-errors";

type Props = {
  settings: HelplineSettings;
  change: (patch: Partial<HelplineSettings>) => void;
  onProblem: (message: string) => void;
  errors: FieldErrors;
};

const LOGO_MAX_BYTES = 16_000;

export function IdentitySettings({ settings, change, onProblem, errors }: Props) {
  const readLogo = (file: File | undefined) => {
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) return onProblem("The logo must be at most 16 kB.");
    const reader = new FileReader();
    reader.onload = () => change({ theme: { ...settings.theme, logo: String(reader.result) } });
    reader.readAsDataURL(file);
  };
  return (
    <>
      <h2>The helpline</h2>
      <label>Name shown to visitors<input type="text" required maxLength={80} value={settings.name} onInput={(e) => change({ name: e.currentTarget.value })} {...describedBy(errors, "name")} /></label>
      <FieldError errors={errors} path="name" />
      <label>
        Colour of buttons and links (needs strong contrast with white text)
        <input type="color" value={settings.theme.accent} onChange={(e) => change({ theme: { ...settings.theme, accent: e.currentTarget.value } })} {...describedBy(errors, "theme.accent")} />
      </label>
      <FieldError errors={errors} path="theme.accent" />
      <label>
        Logo (PNG, WebP or SVG, at most 16 kB)
        <input type="file" accept="image/png,image/webp,image/svg+xml" onChange={(e) => readLogo(e.currentTarget.files?.[0])} />
      </label>
      {settings.theme.logo && (
        <p>
          <img src={settings.theme.logo} alt="Current logo" class="logo-preview" />
          <button type="button" onClick={() => change({ theme: { ...settings.theme, logo: null } })}>Remove the logo</button>
        </p>
      )}
      <label>Where the quick exit goes (a neutral site)<input type="url" required value={settings.neutralSite} onInput={(e) => change({ neutralSite: e.currentTarget.value })} {...describedBy(errors, "neutralSite")} /></label>
      <FieldError errors={errors} path="neutralSite" />
      <label>
        Days a chat is kept when the visitor asks for it
        <input type="number" min={1} max={365} required value={settings.retentionDays} onInput={(e) => change({ retentionDays: e.currentTarget.valueAsNumber })} {...describedBy(errors, "retentionDays")} />
      </label>
      <FieldError errors={errors} path="retentionDays" />
      <label>
        Dashboard: counts below this show as "&lt;N" (at least 5, a multiple of 5)
        <input type="number" min={5} max={100} step={5} required value={settings.smallCountThreshold} onInput={(e) => change({ smallCountThreshold: e.currentTarget.valueAsNumber })} {...describedBy(errors, "smallCountThreshold")} />
      </label>
      <FieldError errors={errors} path="smallCountThreshold" />
    </>
  );
}
