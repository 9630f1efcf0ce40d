import { z } from "zod";
import { errorStatus } from "../errors";

/** The one error body of every JSON API (lib/http/map-error.ts), as a schema for the document. */
export const errorCodes = Object.keys(errorStatus) as (keyof typeof errorStatus)[];

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(errorCodes as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
      message: z.string().meta({ description: "Written for the person asking; never a stack trace or SQL." }),
      details: z.unknown().optional().meta({ description: "For VALIDATION: `field` (the first at fault) and `fields` (each field's first message)." }),
    }),
  })
  .meta({ id: "Error" });
