"use client";

import { useEffect, useId, useState } from "react";

interface Props {
  name: string;
  label: string;
  defaultValue?: string;
  rows?: number;
  required?: boolean;
  /** Server action: the same sanitising renderer as the public pages (lib/markdown.ts). */
  preview: (source: string) => Promise<string>;
  help?: React.ReactNode;
}

/** Markdown textarea with a live preview rendered by the server, 300 ms after typing stops. */
export function MarkdownEditor({ name, label, defaultValue = "", rows = 10, required, preview, help }: Props) {
  const id = useId();
  const [source, setSource] = useState(defaultValue);
  const [html, setHtml] = useState("");

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      preview(source)
        .then((rendered) => {
          if (!cancelled) setHtml(rendered);
        })
        .catch(() => {
          if (!cancelled) setHtml("<p><em>Preview unavailable.</em></p>");
        });
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [source, preview]);

  return (
    <div className="md-editor">
      <div>
        <label htmlFor={id}>{label}</label>
        <textarea id={id} name={name} rows={rows} required={required} value={source} onChange={(e) => setSource(e.target.value)} />
        {help ? <p className="muted small">{help}</p> : null}
      </div>
      <div>
        <span className="label">Preview</span>
        <div className="prose md-preview" aria-live="polite" data-testid={`preview-${name}`} dangerouslySetInnerHTML={{ __html: html }} />
      </div>
    </div>
  );
}
