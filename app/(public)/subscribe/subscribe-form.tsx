import { EmailField } from "@/components/EmailField";

/** The subscribe form on /subscribe. Works without JavaScript. */
export function SubscribeForm({
  incidents,
  errors = {},
  email = "",
  incident = "",
}: {
  incidents: { slug: string; title: string }[];
  errors?: Record<string, string>;
  email?: string;
  incident?: string;
}) {
  return (
    <form method="post" action="/subscribe/request" className="card" noValidate>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <EmailField id="subscribe-email" label="Email address" defaultValue={email} error={errors.email} />
      <fieldset style={{ border: 0, padding: 0, margin: "1rem 0 0" }}>
        <legend style={{ fontWeight: 600 }}>Updates about</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="incident" value="" defaultChecked={!incident} /> Every incident
        </label>
        {incidents.map((i) => (
          <label key={i.slug} style={{ fontWeight: 400 }}>
            <input type="radio" name="incident" value={i.slug} defaultChecked={incident === i.slug} /> Only “{i.title}”
          </label>
        ))}
      </fieldset>
      {errors.incident ? <p className="field-error">{errors.incident}</p> : null}
      <div>
        <button type="submit">Subscribe</button>
      </div>
    </form>
  );
}

/** What the page says beside a field that /subscribe/request refused. */
export const subscribeFieldErrors = {
  email: "Enter a valid email address, like name@example.com.",
  incident: "There is no such incident.",
};

export const subscribeIntro =
  "Get an email when we post an update or a letter. We send a confirmation first; nothing else is sent until you confirm, and every email has a one-click unsubscribe link. Affected customers do not need to subscribe to hear when their own data is restored.";
