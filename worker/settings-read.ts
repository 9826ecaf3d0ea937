/**
 * Reads a helpline's stored settings. A schema that grew stricter (an http neutral site, an alternative
 * without a contact) must not throw a whole helpline's saved name, hours and risk words back to the
 * defaults: only the fields the schema now refuses fall back, each to its own default.
 */
import { HelplineSettings } from "../schema/helpline";

export function readSettings(stored: unknown, defaults: HelplineSettings): { settings: HelplineSettings; refused: string[] } {
  const whole = HelplineSettings.safeParse(stored);
  if (whole.success) return { settings: whole.data, refused: [] };
  const refused = [...new Set(whole.error.issues.map((issue) => String(issue.path[0] ?? "*")))];
  const field = (name: string) => [name, defaults[name as keyof HelplineSettings]];
  const mended =
    typeof stored === "object" && stored !== null && !Array.isArray(stored) && !refused.includes("*")
      ? HelplineSettings.safeParse({ ...stored, ...Object.fromEntries(refused.map(field)) })
      : undefined;
  return mended?.success ? { settings: mended.data, refused } : { settings: defaults, refused: ["*"] };
}
