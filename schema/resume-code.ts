/**
 * The resume code a visitor writes down to come back to a kept conversation, and the version of the
 * consent text they agreed to. Zod-free, so the visitor page can import it without the validator.
 */

/**
 * Bump whenever the consent wording in web/i18n changes; each consent records the version shown. The
 * visitor page sends the version it was built with, so a page from before a change is refused (409);
 * test/worker/consent-text.test.ts pins the wording's hash to this version.
 */
export const CONSENT_TEXT_VERSION = "2026-11-23";

/** Crockford base32: no I, L, O or U, so nothing is mistaken for a 1, a 0 or a rude word. */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 16 characters of 5 bits: 80 bits of entropy, written as four groups of four. */
export const CODE_CHARS = 16;

/** Reads a code the way people write it: any case, with or without dashes and spaces, O for 0. */
export function normalizeResumeCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

export function isResumeCode(normalized: string): boolean {
  return normalized.length === CODE_CHARS && [...normalized].every((ch) => CODE_ALPHABET.includes(ch));
}

/** XXXX-XXXX-XXXX-XXXX, easier to copy onto paper. */
export function formatResumeCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)?.join("-") ?? normalized;
}
