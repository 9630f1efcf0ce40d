"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getAuth } from "@/lib/auth/auth";
import { requireStaff } from "@/lib/auth/require-staff";
import { renderMarkdown } from "@/lib/markdown";

/** Ends the session in the database and clears the cookie. */
export async function signOutAction(): Promise<void> {
  const requestHeaders = await headers();
  const auth = await getAuth();
  await auth.api.signOut({ headers: requestHeaders }).catch(() => undefined);
  redirect("/admin/sign-in");
}

/** The editors' live preview: the same sanitising renderer as the public pages. */
export async function previewMarkdownAction(source: string): Promise<string> {
  await requireStaff("console:read");
  return renderMarkdown(z.string().max(100_000).parse(source));
}
