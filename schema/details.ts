/** The body a counsellor posts to record optional personal details of a consenting visitor. */
import * as z from "zod/mini";
import { AGE_BANDS, GENDERS, REGIONS } from "./details-options";

export const AgeBand = z.enum(AGE_BANDS);
export const Gender = z.enum(GENDERS);
export const Region = z.enum(REGIONS);

/** Every field may be left out: the visitor decides what they tell. */
export const DetailsBody = z.strictObject({
  ageBand: z.nullable(AgeBand),
  gender: z.nullable(Gender),
  region: z.nullable(Region),
});
export type DetailsBody = z.infer<typeof DetailsBody>;
