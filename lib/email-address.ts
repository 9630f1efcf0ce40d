import { z } from "zod";

/** One schema for the forms and the server: trimmed, lower-cased, a plausible address. */
export const emailAddressSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .transform((v) => v.toLowerCase());
