import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { readSettings } from "../../worker/settings-read";

const saved = { ...DEFAULT_SETTINGS, name: "Chat Veilig", riskWords: { nl: ["loverboy"], en: [] } };

describe("reading stored settings", () => {
  it("returns what was saved when the schema accepts it", () => {
    expect(readSettings(saved, DEFAULT_SETTINGS)).toEqual({ settings: saved, refused: [] });
  });

  it("defaults only the fields a stricter schema now refuses, and keeps the rest an admin saved", () => {
    const old = { ...saved, neutralSite: "http://weer.example", alternatives: [{ label: { nl: "x", en: "x" }, contact: "" }] };
    const { settings, refused } = readSettings(old, DEFAULT_SETTINGS);
    expect(refused.sort()).toEqual(["alternatives", "neutralSite"]);
    expect(settings.neutralSite).toBe(DEFAULT_SETTINGS.neutralSite);
    expect(settings.alternatives).toEqual(DEFAULT_SETTINGS.alternatives);
    expect(settings.name).toBe("Chat Veilig");
    expect(settings.riskWords).toEqual({ nl: ["loverboy"], en: [] });
  });

  it("gives settings saved before care partners existed none, and defaults only a partner list the schema refuses", () => {
    const { carePartners: _, ...beforePartners } = saved;
    expect(readSettings(beforePartners, DEFAULT_SETTINGS)).toEqual({ settings: { ...saved, carePartners: [] }, refused: [] });
    const partner = DEFAULT_SETTINGS.carePartners[0];
    const insecure = { ...saved, carePartners: [{ ...partner, web: "http://partner.example" }] };
    const { settings, refused } = readSettings(insecure, DEFAULT_SETTINGS);
    expect(refused).toEqual(["carePartners"]);
    expect(settings.carePartners).toEqual(DEFAULT_SETTINGS.carePartners);
    expect(settings.name).toBe("Chat Veilig");
  });

  it("falls back to the defaults whole for something that is not settings at all", () => {
    for (const stored of [null, "text", [1, 2], 7]) {
      expect(readSettings(stored, DEFAULT_SETTINGS)).toEqual({ settings: DEFAULT_SETTINGS, refused: ["*"] });
    }
  });
});
