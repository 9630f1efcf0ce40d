/**
 * The demo's story, modelled on the 2009 Sidekick loss: six data categories with their
 * share of each restore state, the timeline of updates and the apology letter. Only data:
 * seed-demo.ts writes it.
 */
export const demoCategories = [
  // key, label, share restored, share partial, share unrecoverable, share restoring, item scale
  { key: "contacts", label: "Contacts", restored: 880, partial: 40, lost: 10, restoring: 40, scale: 600 },
  { key: "calendar", label: "Calendar", restored: 760, partial: 40, lost: 15, restoring: 80, scale: 400 },
  { key: "notes", label: "Notes", restored: 610, partial: 30, lost: 20, restoring: 120, scale: 120 },
  { key: "tasks", label: "Tasks", restored: 480, partial: 30, lost: 20, restoring: 150, scale: 80 },
  { key: "photos", label: "Photos", restored: 240, partial: 60, lost: 40, restoring: 200, scale: 900 },
  { key: "other", label: "Other data", restored: 120, partial: 20, lost: 30, restoring: 100, scale: 50 },
] as const;

export const demoUpdates = [
  { hoursAfterStart: 1, status: "investigating", body: "We are investigating reports that contacts, calendars, notes and photos have disappeared from devices after a sync. **Please do not reset your device or remove its battery**: data still on the device may be the only copy." },
  { hoursAfterStart: 9, status: "identified", body: "A failure in the storage cluster behind the sync service damaged the primary database and, during the attempt to recover it, the backup. We have stopped all syncing so that nothing more is overwritten." },
  { hoursAfterStart: 30, status: "identified", body: "We have found a copy of most of the data in an older snapshot. We are verifying it account by account before we restore anything." },
  { hoursAfterStart: 54, status: "recovering", body: "Restores have started, **contacts first**, then calendars, notes, tasks and photos. Each customer can now check their own account on the [lookup page](/lookup), and we will email you when each kind of data is back." },
  { hoursAfterStart: 70, status: "recovering", body: "Contacts are back for most accounts. Photos take longer: they are restored from a slower archive. Where we could restore only part of your data, your account page says how many items came back." },
] as const;

export const demoLetterBody = `To everyone who uses our service,

On the morning of the outage, the system that keeps a copy of your contacts, calendar, notes, tasks and photos failed, and so did its backup. For many of you that meant losing information that matters: phone numbers you cannot look up anywhere else, appointments, photos of people and moments.

We are sorry. This should not have happened, and we did not tell you clearly enough, early enough, what was going on.

**What we know now.** Most data has been recovered from an older snapshot. We are restoring it account by account, contacts first. You can see, for your own account, what has come back and what has not on our [lookup page](/lookup). We will email you when each kind of data is restored.

**What we are doing.** Every restore is checked before it reaches your device. Where we cannot recover something, your account page will say so plainly, together with what we offer.

**What you can do.** Keep your device switched on and connected, and do not reset it.`;

export function demoCategoryCase(column: "restored" | "partial" | "lost" | "restoring" | "scale"): string {
  return `CASE c.key ${demoCategories.map((c) => `WHEN '${c.key}' THEN ${c[column]}`).join(" ")} END`;
}

