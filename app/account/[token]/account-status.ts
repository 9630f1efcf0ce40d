import { cache } from "react";
import { database } from "@/lib/db";
import { defaultLocale, type Locale } from "@/lib/i18n/locales";
import { shellLocale } from "./fast-path-shell";
import { getAccountStatus } from "@/lib/lookup/get-account-status";

/**
 * One getAccountStatus per request for the layout (its language), the metadata and the page:
 * React's cache() shares the answer within one render.
 */
export const accountStatusOnce = cache(async (token: string) => getAccountStatus(await database(), token));

/** The language of /account/<token>: the account's, else the default (an unknown or expired link). */
export async function accountPageLocale(token: string): Promise<Locale> {
  const shell = shellLocale(token);
  if (shell) return shell;
  return accountStatusOnce(token).then(
    (status) => status.account.locale,
    () => defaultLocale,
  );
}

export { shellLocale };
