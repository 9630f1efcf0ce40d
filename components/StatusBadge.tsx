import type { RenderLocale } from "@/lib/i18n/locales";
import { statusLabel } from "./labels";

export function StatusBadge({ status, locale = "en" }: { status: string; locale?: RenderLocale }) {
  return <span className={`badge ${status}`}>{statusLabel(status, locale)}</span>;
}
