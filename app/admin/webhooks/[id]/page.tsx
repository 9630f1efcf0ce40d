import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { principalFor } from "@/lib/auth/principal";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { getWebhookEndpoint } from "@/lib/webhooks/list-webhook-endpoints";
import { resendParkedWebhookDeliveriesAction, resendWebhookDeliveryAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookEndpointEnabledAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("webhooks:manage");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const found = await getWebhookEndpoint(await prisma(), principalFor(staff), id.data).catch(() => null);
  if (!found) notFound();
  const { endpoint, deliveries, parked } = found;
  return (
    <>
      <p>
        <Link href="/admin/webhooks">← Webhooks</Link>
      </p>
      <h1>{endpoint.url}</h1>
      {endpoint.enabled ? null : (
        <p className="notice error" role="alert">
          Disabled: {endpoint.disabledReason ?? "by an admin"}
          {endpoint.disabledAt ? ` (${formatDateTime(endpoint.disabledAt)})` : ""}. Nothing new is queued for it; fix the receiver, send a
          test, enable it, then resend the parked deliveries you want.
        </p>
      )}
      <dl>
        <dt>Events</dt>
        <dd>{endpoint.events.join(", ")}</dd>
        <dt>Body</dt>
        <dd>{endpoint.format}</dd>
        <dt>Secret</dt>
        <dd>
          {endpoint.secretPrefix} <span className="muted small">(shown in full only when registered)</span>
        </dd>
        <dt>Failed attempts in a row</dt>
        <dd>{endpoint.consecutiveFailures}</dd>
        <dt>Last success</dt>
        <dd>{endpoint.lastSuccessAt ? formatDateTime(endpoint.lastSuccessAt) : "never"}</dd>
      </dl>
      <div className="form-row">
        <ActionForm action={sendTestWebhookAction} submitLabel="Send a test" className="inline-form" testId="webhook-test">
          <input type="hidden" name="id" value={endpoint.id} />
        </ActionForm>
        <ActionForm
          action={setWebhookEndpointEnabledAction}
          submitLabel={endpoint.enabled ? "Disable" : "Enable"}
          className="inline-form"
          testId="webhook-enable"
          confirm={endpoint.enabled ? "Disable this endpoint? Nothing more is queued for it until it is enabled." : undefined}
        >
          <input type="hidden" name="id" value={endpoint.id} />
          <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
        </ActionForm>
        <ActionForm
          action={rotateWebhookSecretAction}
          submitLabel="New secret"
          className="inline-form"
          testId="webhook-rotate"
          confirm="Replace the signing secret? The receiver must be given the new one: deliveries signed with it fail to verify until then."
        >
          <input type="hidden" name="id" value={endpoint.id} />
        </ActionForm>
        {parked > 0 ? (
          <ActionForm
            action={resendParkedWebhookDeliveriesAction}
            submitLabel={`Resend all ${parked} parked`}
            className="inline-form"
            testId="webhook-resend-parked"
            disabled={!endpoint.enabled}
          >
            <input type="hidden" name="id" value={endpoint.id} />
          </ActionForm>
        ) : null}
      </div>

      <section aria-labelledby="log">
        <h2 id="log">Delivery log (latest {deliveries.length})</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Event</th>
                <th scope="col">webhook-id</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt / sent</th>
                <th scope="col">Answer or error</th>
                <th scope="col">Resend</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                  <td>{d.id}</td>
                  <td>{d.eventType}</td>
                  <td>
                    <code className="small">{d.messageId}</code>
                  </td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>{d.sentAt ? formatDateTime(d.sentAt) : d.status === "parked" ? "—" : formatDateTime(d.nextAttemptAt)}</td>
                  <td className={d.lastError ? undefined : "muted"}>{d.lastError ?? d.lastResponse ?? ""}</td>
                  <td>
                    {d.status === "parked" || d.status === "sent" ? (
                      <ActionForm action={resendWebhookDeliveryAction} submitLabel="Resend" className="inline-form">
                        <input type="hidden" name="id" value={d.id} />
                      </ActionForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
