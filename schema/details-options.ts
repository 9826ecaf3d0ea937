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
