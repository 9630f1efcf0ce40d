/** An email input with its label and its error, tied together for screen readers. Works without JavaScript. */
export function EmailField({ id, label, defaultValue, error }: { id: string; label: string; defaultValue: string; error?: string | undefined }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
