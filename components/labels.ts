const statusLabels: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  recovering: "Recovering",
  monitoring: "Monitoring",
  resolved: "Resolved",
};
const impactLabels: Record<string, string> = { none: "None", minor: "Minor", major: "Major", critical: "Critical" };
const overallLabels: Record<string, string> = {
  operational: "All systems working",
  degraded: "Some customers affected",
  partial_outage: "Customer data affected",
  major_outage: "Major incident: customer data affected",
};

export const statusLabel = (s: string) => statusLabels[s] ?? s;
export const impactLabel = (s: string) => impactLabels[s] ?? s;
export const overallLabel = (s: string) => overallLabels[s] ?? s;
