/**
 * The optional personal details a counsellor may record, only while the visitor has agreed to keep
 * the conversation. Zod-free so the console can list the choices without the validator.
 */
export const AGE_BANDS = ["under_12", "12_15", "16_17", "18_20", "21_23", "24_plus"] as const;
export const GENDERS = ["girl_woman", "boy_man", "non_binary", "other"] as const;
export const REGIONS = [
  "drenthe",
  "flevoland",
  "friesland",
  "gelderland",
  "groningen",
  "limburg",
  "noord_brabant",
  "noord_holland",
  "overijssel",
  "utrecht",
  "zeeland",
  "zuid_holland",
  "abroad",
] as const;

type DetailOption = (typeof AGE_BANDS)[number] | (typeof GENDERS)[number] | (typeof REGIONS)[number];

/**
 * What a person reads for each stored value: "12–15" with a real dash, provinces as they are spelt
 * ("Noord-Brabant"), never the value with its underscores. The values stay as they are on the wire
 * and in storage; only the words shown change.
 */
export const DETAIL_LABELS: Record<DetailOption, string> = {
  under_12: "Under 12",
  "12_15": "12–15",
  "16_17": "16–17",
  "18_20": "18–20",
  "21_23": "21–23",
  "24_plus": "24 and over",
  girl_woman: "Girl or woman",
  boy_man: "Boy or man",
  non_binary: "Non-binary",
  other: "Other",
  drenthe: "Drenthe",
  flevoland: "Flevoland",
  friesland: "Friesland",
  gelderland: "Gelderland",
  groningen: "Groningen",
  limburg: "Limburg",
  noord_brabant: "Noord-Brabant",
  noord_holland: "Noord-Holland",
  overijssel: "Overijssel",
  utrecht: "Utrecht",
  zeeland: "Zeeland",
  zuid_holland: "Zuid-Holland",
  abroad: "Abroad",
};

/** The words for a stored value, or undefined for a key that is not a detail option (a topic, an outcome). */
export function detailLabel(value: string): string | undefined {
  return Object.hasOwn(DETAIL_LABELS, value) ? DETAIL_LABELS[value as DetailOption] : undefined;
}
