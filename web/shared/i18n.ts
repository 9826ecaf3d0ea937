/**
 * Every visible string comes from a translation file. A missing key shows the key itself, which a
 * browser test would catch, rather than an empty label.
 */
import en from "../i18n/en.json";
import nl from "../i18n/nl.json";

export type Lang = "nl" | "en";
export type Key = keyof typeof nl;
const tables: Record<Lang, Record<Key, string>> = { nl, en };

/** Right-to-left languages get dir="rtl"; none yet, but the pages are laid out for them. */
const RTL: readonly string[] = [];

/** Puts `vars` into a string's {placeholders}. */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key: Key, vars: Record<string, string | number> = {}): string => fill(tables[lang][key], vars);
}

export function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.includes(lang) ? "rtl" : "ltr";
}
