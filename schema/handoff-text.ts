/**
 * The numbers and the consent text version of a warm handoff, zod-free so the visitor page can import
 * them without the validator.
 */

/**
 * Bump whenever the handoff consent wording in web/i18n changes: each handoff records the version the
 * visitor was shown, and an answer from a page with another version is refused as stale.
 */
export const HANDOFF_TEXT_VERSION = "2026-12-06";

/** A summary the visitor can read in one go and a partner can take down on the phone. */
export const HANDOFF_SUMMARY_CHARS = 600;

/**
 * 8 Crockford base32 characters, 40 random bits, said on the phone as two groups of four. Enough to
 * name one of a helpline's few hundred live handoffs: a guesser is held to the code rate limit (10
 * tries per network per 10 minutes) and a hit is about one in a billion per try.
 */
export const HANDOFF_CODE_CHARS = 8;

/** How long a handoff can be looked up by its code before its alarm deletes it. */
export const HANDOFF_RETENTION_DAYS = 14;
