import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/ActionForm";
import { apiKeyScopes } from "@/lib/auth/api-keys";
import { listApiKeys } from "@/lib/auth/manage-api-keys";
import { principalFor } from "@/lib/auth/principal";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const staff = await requireStaffPage("apikeys:manage");
  const keys = await listApiKeys(await prisma(), principalFor(staff));
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">Keys for machines (the recovery pipeline). Only a hash is stored; a revoked or expired key fails on its next request.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-api-key={k.name}>
                <td>{k.name}</td>
                <td>{k.scopes.join(", ")}</td>
                <td>
                  <code>rp_{k.prefix}_…</code>
                </td>
                <td>
                  {formatDateTime(k.createdAt)}
                  {k.createdBy ? <span className="muted small"> by {k.createdBy}</span> : null}
                </td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}</td>
                <td>{k.expiresAt ? formatDateTime(k.expiresAt) : "—"}</td>
                <td>{k.state}</td>
                <td>
                  {k.state === "revoked" ? null : (
                    <ActionForm action={revokeApiKeyAction} submitLabel="Revoke" className="inline-form" confirm={`Revoke "${k.name}"? Whatever uses it stops working at once.`}>
                      <input type="hidden" name="id" value={k.id} />
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="new-key">
        <h2 id="new-key">New API key</h2>
        <ActionForm action={createApiKeyAction} submitLabel="Create key" testId="create-api-key" resetOnSuccess>
          <label htmlFor="key-name">Name</label>
          <input id="key-name" name="name" required maxLength={100} />
          <fieldset>
            <legend>Scopes</legend>
            {apiKeyScopes.map((scope) => (
              <label key={scope}>
                <input type="checkbox" name="scopes" value={scope} /> {scope}
              </label>
            ))}
          </fieldset>
          <label htmlFor="key-days">Expires after (days, empty: until revoked)</label>
          <input id="key-days" name="expiresInDays" type="number" min={1} max={3650} />
        </ActionForm>
      </section>
    </>
  );
}
