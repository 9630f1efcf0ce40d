import { UsageError } from "./command";

/**
 * Reads all of stdin as UTF-8 text for a command that publishes it. Refused, so that
 * nothing is published by mistake: a terminal (nothing piped in), empty or blank
 * input, and bytes that are not UTF-8 (a Latin-1 or UTF-16 file), naming the line of
 * the first bad byte. A byte-order mark is dropped.
 */
export async function readStdinText(stream: NodeJS.ReadableStream & { isTTY?: boolean }, what: string): Promise<string> {
  if (stream.isTTY) throw new UsageError(`${what} is read from stdin: pipe or redirect it in (... < file.md).`);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  const bytes = Buffer.concat(chunks);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const bad = lenient.indexOf("\uFFFD");
    const line = bad === -1 ? 1 : lenient.slice(0, bad).split("\n").length;
    throw new UsageError(`${what} on stdin is not valid UTF-8 (first bad byte on line ${line}); save it as UTF-8. Nothing was published.`);
  }
  if (text.includes("\u0000")) throw new UsageError(`${what} on stdin contains NUL bytes (a binary or UTF-16 file?); save it as UTF-8. Nothing was published.`);
  if (text.trim() === "") throw new UsageError(`${what} on stdin is empty. Nothing was published.`);
  return text;
}
