import type { Database } from "../../lib/db";

/** Small, explicit test data: one published incident, its categories, N accounts with impacts. */
export async function createIncidentWithAccounts(
  db: Pick<Database, "prisma">,
  options: { accounts?: number; categories?: string[]; slug?: string; itemsTotal?: number } = {},
) {
  const categories = options.categories ?? ["contacts", "calendar", "photos"];
  const slug = options.slug ?? `incident-${Math.random().toString(36).slice(2, 8)}`;
  const incident = await db.prisma.incident.create({
    data: {
      slug,
      title: `Test incident ${slug}`,
      summary: "Something broke.",
      status: "recovering",
      startedAt: new Date(Date.now() - 3_600_000),
      publishedAt: new Date(Date.now() - 3_500_000),
      categories: { create: categories.map((key, i) => ({ key, label: key[0]!.toUpperCase() + key.slice(1), position: i + 1 })) },
    },
    include: { categories: { orderBy: { position: "asc" } } },
  });
  const accounts = [];
  for (let i = 1; i <= (options.accounts ?? 3); i++) {
    const ref = `${slug}-A${i}`;
    accounts.push(
      await db.prisma.account.create({
        data: {
          externalRef: ref,
          email: `${ref.toLowerCase()}@example.com`,
          displayName: `Customer ${i}`,
          impacts: {
            create: incident.categories.map((c) => ({ incidentId: incident.id, categoryId: c.id, itemsTotal: options.itemsTotal ?? 100 })),
          },
        },
      }),
    );
  }
  return { incident, categories: incident.categories, accounts };
}
