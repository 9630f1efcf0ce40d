"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action-state";
import { ActionResult } from "./ActionForm";

interface Props {
  letterId: string;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}

/** The saved draft merged for one account (by its reference), as the email would read. */
export function LetterMergePreview({ letterId, action }: Props) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as ActionState);
  const preview = state.status === "ok" ? (state.data as { title: string; html: string; accountName: string }) : null;
  return (
    <>
      <form action={formAction} className="inline-form">
        <input type="hidden" name="id" value={letterId} />
        <label htmlFor="externalRef">Account reference</label>
        <input id="externalRef" name="externalRef" type="text" placeholder="SK-0000001" required />
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            Preview
          </button>
        </div>
      </form>
      {state.status === "error" ? <ActionResult state={state} /> : null}
      {preview ? (
        <article className="card" data-testid="merge-preview">
          <p className="muted">As emailed to {preview.accountName} (saved draft):</p>
          <h3>{preview.title}</h3>
          <div className="prose" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </article>
      ) : null}
    </>
  );
}
