import { describe, expect, it } from "vitest";
import { categoryLabel, labelInSentence } from "@/lib/i18n/category-label";
import { knownDataCategories, parseCategoryKeys } from "@/lib/incidents/data-categories";

describe("a kind of data's label in the reader's language", () => {
  const contacts = { key: "contacts", label: "Contacts" };

  it("the default language reads the label as written", () => {
    expect(categoryLabel(contacts, "en", "en")).toBe("Contacts");
    expect(categoryLabel(contacts, "en", undefined)).toBe("Contacts");
  });

  it("a stock label nobody changed reads in the stock words of each language", () => {
    expect(categoryLabel(contacts, "en", "es")).toBe("Contactos");
    expect(categoryLabel(contacts, "en", "de")).toBe("Kontakte");
    expect(categoryLabel({ key: "other", label: "Other data" }, "en", "pt-BR")).toBe("Outros dados");
    expect(categoryLabel(contacts, "en", "ar")).toBe("جهات الاتصال");
    expect(categoryLabel(contacts, "en", "en-XA")).not.toBe("Contacts");
    // An incident written in Spanish with its stock Spanish label reads English stock words in English.
    expect(categoryLabel({ key: "photos", label: "Fotos" }, "es", "en")).toBe("Photos");
  });

  it("staff's own label wins, and a changed label is never replaced by stock words", () => {
    expect(categoryLabel({ ...contacts, translations: { es: "Agenda de contactos" } }, "en", "es")).toBe("Agenda de contactos");
    expect(categoryLabel({ key: "contacts", label: "Address book" }, "en", "es")).toBe("Address book");
    expect(categoryLabel({ key: "voicemail", label: "Voicemail" }, "en", "fr")).toBe("Voicemail");
    expect(categoryLabel({ key: "voicemail", label: "Voicemail", translations: { fr: "Messagerie vocale" } }, "en", "fr")).toBe("Messagerie vocale");
  });

  it("a language the portal does not ship reads the label as written", () => {
    expect(categoryLabel(contacts, "en", "ja")).toBe("Contacts");
  });

  it("inside a sentence a label is lower case, but German nouns keep their capitals", () => {
    expect(labelInSentence("Other data", "en")).toBe("other data");
    expect(labelInSentence("Fotos y vídeos", "es")).toBe("fotos y vídeos");
    expect(labelInSentence("Kontakte", "de")).toBe("Kontakte");
  });

  it("the CLI's known keys are the English stock labels", () => {
    expect(knownDataCategories.contacts).toBe("Contacts");
    expect(parseCategoryKeys("contacts,other")).toEqual([
      { key: "contacts", label: "Contacts" },
      { key: "other", label: "Other data" },
    ]);
  });
});
