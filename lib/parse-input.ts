import { z } from "zod";
import { AppError } from "./errors";

/** zod inside a use case: a failed parse is a VALIDATION AppError whose message is the first field's (written for the person) and whose details name every field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fields[key] ??= issue.message;
  }
  throw new AppError("VALIDATION", Object.values(fields)[0] ?? "The form is not valid.", { fields });
}
