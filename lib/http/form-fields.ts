/**
 * A server action's FormData as the plain object its zod schema reads: one string per
 * field, an array where a name repeats (checkbox groups), Next's own `$ACTION_*` fields
 * and file parts left out. An unticked checkbox sends nothing, so it is simply absent.
 */
export type FormFields = Record<string, string | string[]>;

export function formFields(form: FormData): FormFields {
  const out: FormFields = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}
