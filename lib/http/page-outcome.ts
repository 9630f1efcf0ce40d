import { AppError } from "../errors";

export type PageOutcome<T> = { value: T; error: null } | { value: null; error: string };

/**
 * For pages (actions have defineAction): a use case's result, or the message of the
 * AppError it refused with, for the page to show in its form (an upload that is gone, a
 * count that cannot be made). Anything else is not the reader's to see: it goes on to the
 * error page.
 */
export async function pageOutcome<T>(work: Promise<T>): Promise<PageOutcome<T>> {
  try {
    return { value: await work, error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { value: null, error: error.message };
  }
}
