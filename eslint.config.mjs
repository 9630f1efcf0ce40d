import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    // Test helpers named use* (useTestDatabase) are not React hooks.
    files: ["test/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // app/[locale]/[...rest] (every other address under a language is its 404) makes the rule
      // take every path for a page, the APIs and feeds included (decision 040).
      "@next/next/no-html-link-for-pages": "off",
    },
  },
]);
