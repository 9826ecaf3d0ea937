/**
 * The part of the helpline settings that makes it look and behave as its own: name, colour, logo,
 * where the quick exit goes, how long kept chats last and from what count the dashboard shows "<5".
 * The worker checks every value again (the colour's contrast, the logo's kind and size).
 */
import type { HelplineSettings } from "../../schema/helpline";

type Props = { settings: HelplineSettings; change: (patch: Partial<HelplineSettings>) => void; onProblem: (message: string) => void };

const LOGO_MAX_BYTES = 16_000;

export function IdentitySettings({ settings, change, onProblem }: Props) {
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
      <label>Name shown to visitors<input type="text" required maxLength={80} value={settings.name} onInput={(e) => change({ name: e.currentTarget.value })} /></label>
      <label>
        Colour of buttons and links (needs strong contrast with white text)
        <input type="color" value={settings.theme.accent} onChange={(e) => change({ theme: { ...settings.theme, accent: e.currentTarget.value } })} />
      </label>
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
      <label>Where the quick exit goes (a neutral site)<input type="url" required value={settings.neutralSite} onInput={(e) => change({ neutralSite: e.currentTarget.value })} /></label>
      <label>
        Days a chat is kept when the visitor asks for it
        <input type="number" min={1} max={365} required value={settings.retentionDays} onInput={(e) => change({ retentionDays: e.currentTarget.valueAsNumber })} />
      </label>
      <label>
        Dashboard: counts below this show as "&lt;N" (at least 5, a multiple of 5)
        <input type="number" min={5} max={100} step={5} required value={settings.smallCountThreshold} onInput={(e) => change({ smallCountThreshold: e.currentTarget.valueAsNumber })} />
      </label>
    </>
  );
}
