import { EmailField } from "@/components/EmailField";

/** The lookup form (/lookup, and the pages of a link that no longer works). Works without JavaScript. */
export function LookupForm({ errors = {}, email = "", accountRef = "" }: { errors?: Record<string, string>; email?: string; accountRef?: string }) {
  return (
    <form method="post" action="/lookup/request" className="card" noValidate>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <EmailField id="lookup-email" label="Email address on your account" defaultValue={email} error={errors.email} />
      <label htmlFor="lookup-ref">
        Account number <span className="muted">(optional, e.g. SK-0000001)</span>
      </label>
      <input id="lookup-ref" name="accountRef" type="text" maxLength={64} defaultValue={accountRef} autoComplete="off" />
      {errors.accountRef ? <p className="field-error">{errors.accountRef}</p> : null}
      <div>
        <button type="submit">Email me a private link</button>
      </div>
    </form>
  );
}

/** What the page says beside a field that /lookup/request refused. */
export const lookupFieldErrors = {
  email: "Enter a valid email address, like name@example.com.",
  accountRef: "That account reference is too long.",
};

export const lookupIntro =
  "Enter the email address on your account. We will email you a private link that shows, for each kind of data, what has come back. The link works for a limited time and only shows your own account.";
