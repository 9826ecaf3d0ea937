/**
 * Every visible string comes from a translation file. A missing key shows the key itself, which a
 * browser test would catch, rather than an empty label.
 */
import nl from "../i18n/nl.json";

export type Lang = "nl" | "en";
export type Key = keyof typeof nl;
type Table = Record<Key, string>;
/**
 * Dutch comes with the page; English is fetched the first time a page asks for it, so the young
 * people who read Dutch, most of them, on a cheap phone and poor data, do not download both.
 */
const tables: Partial<Record<Lang, Table>> = { nl };

/** Makes a language's table available; resolves at once when it is. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (tables[lang]) return;
  // Typed as a full table, so a key missing from en.json fails the type check, as before.
  const en: Table = (await import("../i18n/en.json")).default;
  tables.en = en;
}

/** Right-to-left languages get dir="rtl"; none yet, but the pages are laid out for them. */
const RTL: readonly string[] = [];

/** Puts `vars` into a string's {placeholders}. */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  // Until a language has loaded (see loadLanguage), its words are Dutch rather than missing.
  const table = tables[lang] ?? nl;
  return (key: Key, vars: Record<string, string | number> = {}): string => fill(table[key], vars);
}

export function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.includes(lang) ? "rtl" : "ltr";
}
