"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Posts to better-auth's own endpoint, so its origin check and its rate limiting on
 * sign-in apply; the session cookie comes back httpOnly.
 */
export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (response.ok) {
        router.replace("/admin");
        router.refresh();
        return;
      }
      if (response.status === 429) {
        const retry = response.headers.get("x-retry-after");
        setError(`Too many attempts. Try again${retry ? ` in ${retry} seconds` : " later"}.`);
      } else if (response.status === 403) {
        setError("This staff account is disabled.");
      } else {
        setError("Wrong email or password.");
      }
    } catch {
      setError("The server could not be reached.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
