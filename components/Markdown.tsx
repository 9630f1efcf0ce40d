import { renderMarkdown } from "@/lib/markdown";

/** Staff-written markdown, rendered and sanitised by lib/markdown.ts (allow-list). */
export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={`prose${className ? ` ${className}` : ""}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
