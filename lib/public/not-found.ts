import { notFound } from "next/navigation";
import { AppError } from "../errors";

/** Runs a public read; NOT_FOUND becomes Next's real 404 page, anything else propagates. */
export async function orNotFound<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
