import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The email templates' browser test alone, without the app: it loads rendered HTML with
 * page.setContent, so the build and server that playwright.config.ts starts for every
 * other spec are not needed. `npx playwright test -c playwright.mail.config.ts`
 * (`npm test` runs the same spec with the others).
 */
export default defineConfig({ ...base, testMatch: "mail-templates.spec.ts", webServer: undefined });
