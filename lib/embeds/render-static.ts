import type { ReactElement } from "react";

/**
 * React's server renderer for the embeddable widget (widget-page.tsx), loaded by Node at
 * run time. The widget is served by a route handler because an <iframe> on another site
 * must get no script at all, not even Next's runtime; Next refuses a static import of
 * react-dom/server in a route handler (its React Server Components layer resolves it to
 * a stub), and the widget is plain static markup: no hooks, no client components.
 * (The portal's own pages are Next pages: decision 015.)
 */
type StaticRenderer = { renderToStaticMarkup(element: ReactElement): string };
let renderer: StaticRenderer | undefined;

export function renderToStaticMarkup(element: ReactElement): string {
  if (!renderer) {
    // Reached through process.getBuiltinModule so that the bundler leaves it to Node.
    const { createRequire } = process.getBuiltinModule("node:module");
    renderer = createRequire(`${process.cwd()}/package.json`)("react-dom/server") as StaticRenderer;
  }
  return renderer.renderToStaticMarkup(element);
}
