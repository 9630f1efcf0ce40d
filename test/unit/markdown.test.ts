import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "@/lib/markdown";

describe("renderMarkdown", () => {
  it("renders ordinary markdown", () => {
    expect(renderMarkdown("**Keep your phone on.** See [lookup](/lookup).")).toBe(
      '<p><strong>Keep your phone on.</strong> See <a href="/lookup" rel="noopener noreferrer nofollow">lookup</a>.</p>\n',
    );
  });

  it.each([
    ["script tags", "<script>alert(1)</script>hello", "<script"],
    ["event handlers", '<p onclick="alert(1)">hi</p>', "onclick"],
    ["javascript: links", "[click](javascript:alert(1))", "javascript:"],
    ["data: links", "[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"],
    ["remote and huge images", '![big](https://evil.example/huge.png) <img src="x" width="99999">', "<img"],
    ["iframes", '<iframe src="https://evil.example"></iframe>', "<iframe"],
    ["style attributes", '<p style="position:fixed">x</p>', "style="],
  ])("makes %s inert", (_name, input, forbidden) => {
    expect(renderMarkdown(input).toLowerCase()).not.toContain(forbidden);
  });

  it("gives plain text without markup", () => {
    expect(markdownToText("# Title\n\nSome **bold** <b>x</b>")).toBe("Title\nSome bold x");
  });
});
