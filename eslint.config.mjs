import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "generated/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Playwright fixtures receive a callback named `use`; it is not React's hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // The offline migration script drives Prisma's internal WASM engine API.
    files: ["scripts/db.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The emulator is a package: everything outside it imports @rocket-checkout/stripe-emulator
    // (and its exports), never its files by path, so it can move or be installed from elsewhere.
    ignores: ["emulator/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)emulator/(src|config|bin|test|bench)(/|$)",
              message: "Import the emulator by its package name, @rocket-checkout/stripe-emulator.",
            },
          ],
        },
      ],
    },
  },
]);
