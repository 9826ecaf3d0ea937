/**
 * Whether a text contains one of the configured risk words or phrases. Pure, so it is tested on its
 * own. Matching is on whole words, ignoring case and accents, so "Pooier" and "poóier" match "pooier"
 * but "pimple" does not match "pimp"; a phrase matches its words in order, whatever the spacing or
 * punctuation between them.
 */

/** Lower case, accents removed, cut into words (letters and digits of any script). */
export function words(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function containsRiskWord(text: string, phrases: readonly string[]): boolean {
  const haystack = words(text);
  return phrases.some((phrase) => {
    const needle = words(phrase);
    if (needle.length === 0) return false;
    for (let i = 0; i + needle.length <= haystack.length; i++) {
      if (needle.every((w, j) => haystack[i + j] === w)) return true;
    }
    return false;
  });
}
