import { z } from "zod";
import { AppError } from "../errors";

/** zod at the boundary: a failed parse is a VALIDATION AppError with per-field messages. */
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

/** Waits until at least `floorMs` (or the next multiple of it) has passed since `startedAt`. */
export async function padToFloor(startedAt: number, floorMs: number): Promise<void> {
  if (floorMs <= 0) return;
  const elapsed = performance.now() - startedAt;
  const target = Math.max(1, Math.ceil(elapsed / floorMs)) * floorMs;
  const wait = target - elapsed;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const visible = local.length <= 2 ? local.slice(0, 1) : `${local.slice(0, 1)}${"*".repeat(Math.min(local.length - 2, 6))}${local.slice(-1)}`;
  return `${visible}@${domain}`;
}
