import type { Database } from "../../db";
import type { OutboxRow } from "../outbox-row";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** One-click unsubscribe target (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl?: string | null;
  /** Nothing left to say (e.g. every change was already reported): mark sent without mailing. */
  skip?: string;
}

export type EmailPrefetcher = (rows: OutboxRow[], db: Pick<Database, "driver" | "prisma">) => Promise<void>;

export type EmailRenderer = (row: OutboxRow, db: Pick<Database, "driver" | "prisma">) => Promise<RenderedEmail>;

/** A message that can never be rendered (its data is gone): the worker parks it. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}
