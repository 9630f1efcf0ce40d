import { publicUrl } from "../env";
import { publicApiHeaders } from "../public/http";
import { badgeSvg, type BadgeStyle } from "./badge-svg";
import type { Locale } from "../i18n/locales";
import { getEmbedStatus, type EmbedQuery } from "./get-embed-status";
import { embedCodeHtml, widgetHtml } from "./widget-page";

/**
 * The badge, widget and embed-code answers: public, cacheable like the status page (the
 * same Cache-Control and micro-cache), from the public snapshot.
 */
const cacheable = { "Cache-Control": publicApiHeaders["Cache-Control"] };

export async function badgeResponse(query: EmbedQuery & { lang: Locale; style: BadgeStyle }): Promise<Response> {
  const { style, ...q } = query;
  const svg = badgeSvg(await getEmbedStatus(q), { style });
  return new Response(svg, { headers: { ...publicApiHeaders, "Content-Type": "image/svg+xml; charset=utf-8" } });
}

export async function widgetResponse(query: EmbedQuery & { lang: Locale }): Promise<Response> {
  const html = widgetHtml(await getEmbedStatus(query), publicUrl());
  return new Response(html, { headers: { ...cacheable, "Content-Type": "text/html; charset=utf-8" } });
}

export function embedCodeResponse(locale?: Locale): Response {
  return new Response(embedCodeHtml(publicUrl(), locale), { headers: { ...cacheable, "Content-Type": "text/html; charset=utf-8" } });
}
