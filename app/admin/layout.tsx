import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "../globals.css";
import "@/components/admin/admin.css";
import { currentStaff } from "@/lib/auth/require-staff";
import { signOutAction } from "./actions";

export const metadata: Metadata = {
  title: { default: "Staff console", template: "%s · Staff console" },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, colorScheme: "light dark" };

const nav = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/incidents", label: "Incidents" },
  { href: "/admin/letters", label: "Letters" },
  { href: "/admin/accounts", label: "Accounts" },
  { href: "/admin/cases", label: "Cases" },
  { href: "/admin/imports", label: "Imports" },
  { href: "/admin/mail", label: "Mail" },
  { href: "/admin/audit", label: "Audit" },
  { href: "/admin/staff", label: "Staff" },
  { href: "/admin/sessions", label: "Sessions" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
] as const;

/**
 * The console's frame. It only decides whether to show the navigation: every page,
 * action and route handler below makes its own requireStaff check. A root layout of its own:
 * the staff console stays English (README, Languages), the public pages have app/[locale].
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const staff = await currentStaff();
  return (
    <html lang="en">
      <body>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="admin-header">
        <div className="container">
          <Link href="/admin" className="brand">
            Recovery Portal · staff
          </Link>
          {staff ? (
            <>
              <nav aria-label="Staff console">
                {nav.map((item) => (
                  <Link key={item.href} href={item.href}>
                    {item.label}
                  </Link>
                ))}
              </nav>
              <div className="who">
                <span>
                  {staff.email} <span className="badge">{staff.role}</span>
                </span>
                <form action={signOutAction}>
                  <button type="submit" className="secondary">
                    Sign out
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" className="container admin-main">
        {children}
      </main>
      </body>
    </html>
  );
}
