"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Posts to better-auth's own endpoints, so its origin check, its rate limiting and the
 * per-account throttle apply; the session cookie comes back httpOnly. With a second
 * factor, the password step answers { twoFactorRedirect } and a signed challenge cookie,
 * and the code (from the app, or a backup code) goes to /two-factor/verify-*.
 */
export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [step, setStep] = useState<"password" | "code">("password");
  const [backup, setBackup] = useState(false);

  function refused(response: Response, wrong: string) {
    if (response.status === 429) {
      const retry = response.headers.get("x-retry-after");
      setError(`Too many attempts. Try again${retry ? ` in ${retry} seconds` : " later"}.`);
    } else if (response.status === 403) {
      setError("This staff account is disabled.");
    } else {
      setError(wrong);
    }
  }

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    try {
      if (step === "password") {
        const response = await post("/api/auth/sign-in/email", { email: form.get("email"), password: form.get("password") });
        if (response.ok) {
          const body = (await response.json().catch(() => ({}))) as { twoFactorRedirect?: boolean };
          if (body.twoFactorRedirect) {
            setStep("code");
            setPending(false);
            return;
          }
          router.replace("/admin");
          router.refresh();
          return;
        }
        refused(response, "Wrong email or password.");
      } else {
        const code = String(form.get("code") ?? "").trim();
        const response = await post(backup ? "/api/auth/two-factor/verify-backup-code" : "/api/auth/two-factor/verify-totp", { code });
        if (response.ok) {
          router.replace("/admin");
          router.refresh();
          return;
        }
        if (response.status === 401 && (await response.clone().text()).includes("INVALID_TWO_FACTOR_COOKIE")) {
          setStep("password");
          setError("The sign-in took too long. Enter your password again.");
        } else {
          refused(response, "That code is not right.");
        }
      }
    } catch {
      setError("The server could not be reached.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      {step === "password" ? (
        <>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </>
      ) : (
        <>
          <label htmlFor="code">{backup ? "Backup code" : "Code from your authenticator app"}</label>
          <input id="code" name="code" key={backup ? "backup" : "totp"} autoComplete="one-time-code" inputMode={backup ? "text" : "numeric"} required autoFocus />
          <button type="button" className="secondary" onClick={() => setBackup(!backup)}>
            {backup ? "Use the app's code" : "Use a backup code"}
          </button>
        </>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : step === "password" ? "Sign in" : "Verify"}
      </button>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
