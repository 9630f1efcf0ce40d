import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderTemplate } from "@/lib/mail/templates/layout";
import { previewEmail, previewKinds } from "@/lib/mail/preview-email";
import { RestoreEmail } from "@/lib/mail/templates/restore";

describe("mail templates", () => {
  it.each(previewKinds)("%s renders HTML and text from one source, brand-neutral, no remote resources", async (kind) => {
    const email = await previewEmail(kind);
    expect(email.html).toMatch(/^<!DOCTYPE html/i);
    expect(email.html).not.toMatch(/<script|<img|https?:\/\/(?!status\.example\.com)[^"' ]+\.(png|jpg|css|js)/i);
    expect(email.text).toMatchSnapshot();
  });

  it("says the recovery is complete only when every category is terminal", async () => {
    expect((await previewEmail("restore-complete")).text).toMatch(/We have finished recovering your account/);
    expect((await previewEmail("restore")).text).not.toMatch(/finished/);
  });

  it("fills per-recipient slots, escaping them in the HTML part only", async () => {
    const build = (slot: (n: string) => string) =>
      createElement(RestoreEmail, {
        locale: "en",
        name: slot("name"),
        incidentTitle: "Outage",
        complete: false,
        accountUrl: slot("url"),
        categories: [{ label: "Contacts", stateLabel: "restored", counts: slot("c0") }],
      });
    const a = await renderTemplate("slot-test", build, { name: "Ann <b>&", url: "https://x.test/account/abc", c0: " (1 of 2 items)" });
    const b = await renderTemplate("slot-test", build, { name: "Bob", url: "https://x.test/account/def", c0: "" });
    expect(a.html).toContain("Ann &#60;b&#62;&#38;");
    expect(a.text).toContain("Hello Ann <b>&,");
    expect(a.text).toContain("Contacts: restored (1 of 2 items)");
    expect(a.html).toContain('href="https://x.test/account/abc"');
    expect(b.text).toContain("Hello Bob,");
    expect(b.text).toMatch(/Contacts: restored\n/);
    expect(b.html).not.toMatch(/rpslot/);
  });
});
