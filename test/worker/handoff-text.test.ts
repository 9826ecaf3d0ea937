/**
 * The handoff consent words and their version travel together: each handoff records
 * HANDOFF_TEXT_VERSION as the words the visitor read before saying yes, so changing them without a
 * new version would make the record lie. This test pins a hash of the words to the version.
 */
import { describe, expect, it } from "vitest";
import { HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import en from "../../web/i18n/en.json";
import nl from "../../web/i18n/nl.json";

/** What the visitor reads and answers on the proposal (web/visitor/handoff.tsx). */
const HANDOFF_KEYS = ["handoff.offer.heading", "handoff.offer.summaryLabel", "handoff.offer.what", "handoff.offer.howLong", "handoff.offer.yes", "handoff.offer.no"] as const;

/** Append-only: when the words change, bump HANDOFF_TEXT_VERSION and add a line; never edit one. */
const PINNED: Record<string, string> = {
  "2026-12-06": "b3cbc8c064c412be9de916ab4bf0357ade1edc4e6a52809c163fd0a3908521ba",
};

async function hashOfHandoffText(): Promise<string> {
  const words = HANDOFF_KEYS.map((key) => [key, nl[key], en[key]]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(words)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("the handoff consent text version", () => {
  it("names the words shown: changing them without bumping HANDOFF_TEXT_VERSION fails here", async () => {
    expect(await hashOfHandoffText(), "bump HANDOFF_TEXT_VERSION (schema/handoff-text.ts) and pin the new hash").toBe(PINNED[HANDOFF_TEXT_VERSION]);
  });

  it("says in both languages that the partner gets the summary and a code, and nothing else", () => {
    expect(nl["handoff.offer.what"]).toContain("Verder gaat er niets naar hen toe.");
    expect(en["handoff.offer.what"]).toContain("Nothing else goes to them.");
  });
});
