/** The languages the pages and the helplines speak. */
import * as z from "zod/mini";

export const Language = z.enum(["nl", "en"]);
export type Language = z.infer<typeof Language>;
