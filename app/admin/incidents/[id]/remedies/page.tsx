import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { languageName } from "@/components/admin/LanguageTabs";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatInteger } from "@/lib/format";
import { locales } from "@/lib/i18n/locales";
import { listRemedyRules } from "@/lib/remedies/list-remedy-rules";
import { saveRemedyRuleAction, saveRemedyTranslationAction } from "../../remedy-actions";

export const dynamic = "force-dynamic";

/** An incident's remedy rules, each with how many accounts qualify now, were told and claimed (the stored eligibility, kept as states change). */
export default async function RemediesPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await prisma();
  const incident = await db.incident.findUnique({ where: { id }, select: { id: true, slug: true, title: true, defaultLocale: true, categories: { orderBy: { position: "asc" }, select: { key: true } } } });
  if (!incident) notFound();
  const rules = await listRemedyRules(db, incident.id);
  const canWrite = roleHas(staff.role, "incidents:write");
  return (
    <>
      <p>
        <Link href={`/admin/incidents/${incident.id}`}>← {incident.title}</Link>
      </p>
      <h1>Remedies</h1>
      <p>
        A condition is parts joined by <code>or</code>; each part is a category ({incident.categories.map((c) => c.key).join(", ")}) or <code>any</code>, then{" "}
        <code>affected</code> or a state (<code>pending</code>, <code>restoring</code>, <code>restored</code>, <code>partial</code>, <code>unrecoverable</code>),
        optionally <code>below N%</code> of its items restored. Example: <code>any unrecoverable or any partial below 50%</code>.
      </p>
      {roleHas(staff.role, "exports:read") ? (
        <p>
          <a href={`/api/admin/exports/remedies?incident=${encodeURIComponent(incident.slug)}`} download>
            Export who qualifies and who claimed (CSV)
          </a>
        </p>
      ) : null}
      {rules.length === 0 ? <p className="card">No remedy yet.</p> : null}
      {rules.map((r) => (
        <section key={r.id} className="card" data-testid="remedy-rule">
          <h2>
            {r.name} <span className="muted">(remedy_{r.id})</span>
          </h2>
          <p>
            <strong data-testid="remedy-count">{formatInteger(r.qualifying)}</strong> accounts qualify now · <span data-testid="remedy-announced">{formatInteger(r.announced)}</span> told in a restore email ·{" "}
            <span data-testid="remedy-claimed">{formatInteger(r.claimed)}</span> claimed · <code>{r.condition}</code>
          </p>
          {r.problem ? <p className="notice error">This condition no longer works: {r.problem}</p> : null}
          <p>{r.offer}</p>
          {canWrite ? (
            <ActionForm action={saveRemedyRuleAction} submitLabel="Save changes">
              <RuleFields incidentId={incident.id} id={r.id} name={r.name} condition={r.condition} offer={r.offer} />
            </ActionForm>
          ) : null}
          <details data-testid="remedy-languages">
            <summary>
              In other languages ({r.translations.length === 0 ? "none written: customers read the " + languageName(incident.defaultLocale) : r.translations.map((t) => languageName(t.locale)).join(", ")})
            </summary>
            {locales
              .filter((l) => l !== incident.defaultLocale)
              .map((locale) => {
                const t = r.translations.find((x) => x.locale === locale);
                const id = `r${r.id}-${locale}`;
                return canWrite ? (
                  <ActionForm key={locale} action={saveRemedyTranslationAction} submitLabel={`Save ${languageName(locale)}`}>
                    <input type="hidden" name="incidentId" value={incident.id} />
                    <input type="hidden" name="ruleId" value={r.id} />
                    <input type="hidden" name="locale" value={locale} />
                    <p>
                      <label htmlFor={`${id}-name`}>Name in {languageName(locale)}</label>{" "}
                      <input id={`${id}-name`} name="name" lang={locale} defaultValue={t?.name ?? ""} placeholder={r.name} maxLength={200} size={40} />{" "}
                      <label htmlFor={`${id}-offer`}>Offer</label>{" "}
                      <input id={`${id}-offer`} name="offer" lang={locale} defaultValue={t?.offer ?? ""} placeholder={r.offer} maxLength={2000} size={40} />
                    </p>
                  </ActionForm>
                ) : t ? (
                  <p key={locale} lang={locale}>
                    {languageName(locale)}: <strong>{t.name}</strong>: {t.offer}
                  </p>
                ) : null;
              })}
          </details>
        </section>
      ))}
      {canWrite ? (
        <section className="card" aria-labelledby="new-remedy">
          <h2 id="new-remedy">New remedy</h2>
          <ActionForm action={saveRemedyRuleAction} submitLabel="Add remedy" resetOnSuccess>
            <RuleFields incidentId={incident.id} id={null} name="" condition="" offer="" />
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}

function RuleFields(p: { incidentId: string; id: number | null; name: string; condition: string; offer: string }) {
  const prefix = p.id === null ? "new" : `r${p.id}`;
  return (
    <>
      <input type="hidden" name="incidentId" value={p.incidentId} />
      <input type="hidden" name="id" value={p.id ?? ""} />
      <p>
        <label htmlFor={`${prefix}-name`}>Name (shown to customers)</label> <input id={`${prefix}-name`} name="name" defaultValue={p.name} required maxLength={200} size={40} />
      </p>
      <p>
        <label htmlFor={`${prefix}-condition`}>Condition</label>{" "}
        <input id={`${prefix}-condition`} name="condition" defaultValue={p.condition} required maxLength={1000} size={60} placeholder="any unrecoverable or any partial below 50%" />
      </p>
      <p>
        <label htmlFor={`${prefix}-offer`}>Offer</label> <input id={`${prefix}-offer`} name="offer" defaultValue={p.offer} required maxLength={2000} size={60} placeholder="$100 credit" />
      </p>
    </>
  );
}
