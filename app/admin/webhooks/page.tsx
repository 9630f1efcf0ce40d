import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { principalFor } from "@/lib/auth/principal";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime, formatInteger } from "@/lib/format";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { defaultWebhookEvents, webhookEventLabels, webhookEventTypes } from "@/lib/webhooks/webhook-events";
import { webhookFormats } from "@/lib/webhooks/webhook-schemas";
import { createWebhookEndpointAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

const formatLabels: Record<string, string> = {
  standard: "Standard Webhooks JSON",
  slack: "Slack message (incoming webhook)",
  teams: "Teams message (workflow, Adaptive Card)",
};

export default async function WebhooksPage() {
  const staff = await requireStaffPage("webhooks:manage");
  const endpoints = await listWebhookEndpoints(await prisma(), principalFor(staff));
  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        Signed events (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) for other systems. Deliveries are retried
        with backoff and parked after the last attempt; an endpoint that keeps failing is disabled.{" "}
        <a href="https://www.standardwebhooks.com/">How receivers verify them</a>.
      </p>
      {endpoints.length === 0 ? (
        <p className="card">No endpoint yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Deliveries</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} data-endpoint={e.url}>
                  <td>
                    <Link href={`/admin/webhooks/${e.id}`}>{e.url}</Link>
                    {e.description ? (
                      <>
                        <br />
                        <span className="muted small">{e.description}</span>
                      </>
                    ) : null}
                    <br />
                    <span className="muted small">
                      {e.format} · secret {e.secretPrefix}
                    </span>
                  </td>
                  <td>{e.events.join(", ")}</td>
                  <td>
                    {e.enabled ? (
                      <span className="badge">enabled</span>
                    ) : (
                      <>
                        <span className="badge unrecoverable">disabled</span> <span className="small">{e.disabledReason}</span>
                      </>
                    )}
                    {e.lastSuccessAt ? <div className="muted small">last success {formatDateTime(e.lastSuccessAt)}</div> : null}
                  </td>
                  <td>
                    {formatInteger(e.deliveries.sent)} sent · {formatInteger(e.deliveries.queued)} waiting · {formatInteger(e.deliveries.parked)} parked
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="register">
        <h2 id="register">Register an endpoint</h2>
        <ActionForm action={createWebhookEndpointAction} submitLabel="Register" testId="register-webhook" resetOnSuccess>
          <label htmlFor="webhook-url">URL (https, a public address)</label>
          <input id="webhook-url" name="url" type="url" required placeholder="https://hooks.example.com/recovery" />
          <label htmlFor="webhook-description">What it is for (optional)</label>
          <input id="webhook-description" name="description" type="text" maxLength={200} />
          <fieldset>
            <legend>Events</legend>
            {webhookEventTypes.map((type) => (
              <div key={type}>
                <input type="checkbox" id={`event-${type}`} name="events" value={type} defaultChecked={defaultWebhookEvents.includes(type)} />{" "}
                <label htmlFor={`event-${type}`}>
                  <code>{type}</code>: {webhookEventLabels[type]}
                </label>
              </div>
            ))}
          </fieldset>
          <label htmlFor="webhook-format">Body</label>
          <select id="webhook-format" name="format" defaultValue="standard">
            {webhookFormats.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f] ?? f}
              </option>
            ))}
          </select>
        </ActionForm>
      </section>
    </>
  );
}
