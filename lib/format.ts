const integer = new Intl.NumberFormat("en-US");
const percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** "92.3%"; 0 of 0 is "0.0%", never NaN. */
export function formatPercent(part: number, whole: number): string {
  return `${percent.format(whole > 0 ? (part / whole) * 100 : 0)}%`;
}

export function formatDateTime(iso: string | Date): string {
  return `${dateTime.format(typeof iso === "string" ? new Date(iso) : iso)} UTC`;
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
}

/** j****e@example.com: enough for its owner to recognise, not enough to learn it. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const visible = local.length <= 2 ? local.slice(0, 1) : `${local.slice(0, 1)}${"*".repeat(Math.min(local.length - 2, 6))}${local.slice(-1)}`;
  return `${visible}@${domain}`;
}
