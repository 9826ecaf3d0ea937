/**
 * The consent text and its version travel together: each consent records CONSENT_TEXT_VERSION as the
 * version of the words the visitor was shown, so changing those words without bumping the version would
 * make the record lie. This test pins a hash of the words to the version.
 */
import { describe, expect, it } from "vitest";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import en from "../../web/i18n/en.json";
import nl from "../../web/i18n/nl.json";

/** The strings the visitor reads and answers before agreeing (the explanation screen in web/visitor/consent.tsx). */
const CONSENT_KEYS = ["keep.offer", "keep.heading", "keep.what", "keep.howLong", "keep.code", "keep.withdraw", "keep.yes", "keep.no"] as const;

/**
 * Every version ever shown, with the hash of its words. Append-only: when the words change, bump
 * CONSENT_TEXT_VERSION and add a line here; never edit an old line.
 */
const PINNED: Record<string, string> = {
  "2026-11-23": "e47962fd5cd5ada1022c5094bded8c243be74ff6974ce76be55f6c0bc3269376",
};

async function hashOfConsentText(): Promise<string> {
  const words = CONSENT_KEYS.map((key) => [key, nl[key], en[key]]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(words)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("the consent text version", () => {
  it("names the words shown: changing them without bumping CONSENT_TEXT_VERSION fails here", async () => {
    const message = `the consent words changed: bump CONSENT_TEXT_VERSION (schema/resume-code.ts) and pin the new hash`;
    expect(await hashOfConsentText(), message).toBe(PINNED[CONSENT_TEXT_VERSION]);
  });

  it("gives every version its own words, and every consent key words in both languages", () => {
    expect(new Set(Object.values(PINNED)).size).toBe(Object.keys(PINNED).length);
    for (const key of CONSENT_KEYS) {
      expect(nl[key], key).toMatch(/\S/);
      expect(en[key], key).toMatch(/\S/);
    }
  });
});
