import english from "../../messages/en/content.json";
import { AppError } from "../errors";

/**
 * The kinds of data an incident usually affects, by key, with the label the public
 * reads: the English stock labels of messages/<locale>/content.json (`categories`), which
 * also give every other language its words for a label nobody changed
 * (lib/i18n/category-label.ts). The CLI names categories by key (`--categories contacts,calendar`),
 * so a key outside this list is far more likely a typo ("fotos") than a new kind of data: it is
 * refused unless it brings its own label (`voicemail=Voicemail`). The console's form
 * takes free labels instead (createIncidentSchema).
 */
export const knownDataCategories: Readonly<Record<string, string>> = english.categories;

export interface CategoryChoice {
  key: string;
  label: string;
}

const keyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * "contacts,calendar,voicemail=Voicemail" -> categories in that order. Throws
 * VALIDATION naming the first unknown, malformed or repeated key.
 */
export function parseCategoryKeys(list: string): CategoryChoice[] {
  const entries = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new AppError("VALIDATION", "name at least one kind of data, e.g. contacts,calendar", { field: "categories" });
  const seen = new Set<string>();
  return entries.map((entry) => {
    const eq = entry.indexOf("=");
    const key = (eq === -1 ? entry : entry.slice(0, eq)).trim().toLowerCase();
    const ownLabel = eq === -1 ? undefined : entry.slice(eq + 1).trim();
    if (!keyPattern.test(key) || key.length > 40) {
      throw new AppError("VALIDATION", `"${key}" is not a category key (lower-case letters, digits and hyphens)`, { field: "categories", key });
    }
    if (seen.has(key)) throw new AppError("VALIDATION", `category "${key}" is named twice`, { field: "categories", key });
    seen.add(key);
    const label = ownLabel || knownDataCategories[key];
    if (!label) {
      throw new AppError(
        "VALIDATION",
        `unknown category "${key}" (known: ${Object.keys(knownDataCategories).join(", ")}; for a new kind of data give its label: ${key}=Label)`,
        { field: "categories", key },
      );
    }
    if (label.length > 60) throw new AppError("VALIDATION", `the label of "${key}" is longer than 60 characters`, { field: "categories", key });
    return { key, label };
  });
}
