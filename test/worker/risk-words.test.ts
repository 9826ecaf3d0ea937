import { describe, expect, it } from "vitest";
import { containsRiskWord, words } from "../../worker/risk-words";
import { DEFAULT_SETTINGS } from "../../schema/helpline";

const all = [...DEFAULT_SETTINGS.riskWords.nl, ...DEFAULT_SETTINGS.riskWords.en];

describe("risk word matching", () => {
  it.each([
    ["mijn loverboy wil dat ik", true],
    ["Mijn LOVERBOY!!", true],
    ["hij is een póóier", true],
    ["geld verdienen zonder seks", false],
    ["ik moet geld verdienen met seks", true],
    ["Geld-verdienen-met-seks", true],
    ["he is my pimp", true],
    ["a pimple on my nose", false],
    ["I was blackmailed", false],
    ["they blackmail me", true],
    ["NUDE photos of me", true],
    ["nude selfie photos", false],
    ["ik zit opgesloten", true],
    ["hallo, ik wil iets vragen", false],
    ["", false],
  ])("%j -> %s", (text, expected) => {
    expect(containsRiskWord(text, all)).toBe(expected);
  });

  it("folds accents and case on the configured side too", () => {
    expect(containsRiskWord("bedreigd", ["BEDRÉIGD"])).toBe(true);
    expect(containsRiskWord("Chantáge", ["chantage"])).toBe(true);
  });

  it("ignores empty or punctuation-only list entries instead of matching everything", () => {
    expect(containsRiskWord("anything at all", ["", "  ", "!!"])).toBe(false);
  });

  it("is not fooled by zero-width characters inside a word into a false match of another", () => {
    expect(words("pi\u200Bmp")).toEqual(["pi", "mp"]);
    expect(containsRiskWord("pi\u200Bmp", ["pimp"])).toBe(false);
  });
});
