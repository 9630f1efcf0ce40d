import { notFound } from "next/navigation";

/** Every other address under a language: the language's own 404 page (./not-found.tsx). */
export default function UnknownPage(): never {
  notFound();
}
