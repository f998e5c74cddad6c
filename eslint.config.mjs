import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * React's and Next's rules, off: they read components, hooks and pages, and the folders below
 * have none. Skipping them there takes a third of the lint's rule time (the React Compiler's
 * rules analyse every function they see).
 */
const uiRulesOff = Object.fromEntries(
  [...nextVitals, ...nextTs]
    .flatMap((config) => Object.keys(config.rules ?? {}))
    .filter((rule) => /^(react|react-hooks|jsx-a11y|@next\/next)\//.test(rule))
    .map((rule) => [rule, "off"]),
);

/**
 * eslint-config-next names its import resolvers by absolute path, and ESLint reuses a cached
 * result only for the very config it was made with: named as packages instead, the same
 * resolvers make the config, and so the cache, the same in a clone at another path
 * (scripts/cache.sh keeps the cache between clones).
 */
function withResolversByName(configs) {
  return configs.map((config) => {
    const resolvers = config.settings?.["import/resolver"];
    if (!resolvers) return config;
    const byName = Object.entries(resolvers).map(([resolver, options]) => [
      /\/eslint-import-resolver-([\w-]+)\//.exec(resolver)?.[1] ?? resolver,
      options,
    ]);
    return { ...config, settings: { ...config.settings, "import/resolver": Object.fromEntries(byName) } };
  });
}

export default defineConfig([
  ...withResolversByName(nextVitals),
  ...withResolversByName(nextTs),
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
  // The emulator's layers (emulator/README.md, "Architecture"): imports only point down, and no
  // module may reach itself again through its imports (runtime cycles; type-only imports are free).
  {
    // Nothing imports the tests or the benchmark, so no cycle can pass through them: the rule
    // walks the sources alone.
    files: ["emulator/src/**/*.ts"],
    // Packages are never part of a cycle of ours: not parsing their type declarations keeps the
    // rule cheap (it is most of the emulator's lint time otherwise).
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["emulator/src/store/**/*.ts", "emulator/src/config/**/*.ts", "emulator/src/ids.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\.?/(?!(store|config)/|ids\\.js$)",
              message:
                "The store, config and ids are the bottom layer: they import nothing of the emulator above them.",
            },
            { regex: "^fastify", message: "Only server.ts, control/ and browser/ speak fastify." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/webhooks/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(domain|http|resources|control|browser|dashboard|server)",
              message: "webhooks/ sits below domain/: it may import only store/, config/ and ids.",
            },
            { regex: "^fastify", message: "Only server.ts, control/ and browser/ speak fastify." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(http|resources|control|browser|dashboard|server)",
              message:
                "domain/ may import only domain/, webhooks/, store/, config/ and ids: move what it needs down.",
            },
            { regex: "^fastify", message: "Only server.ts, control/ and browser/ speak fastify." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/http/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(resources|control|browser|dashboard|server)",
              message:
                "http/ is the wire toolkit below resources/: it is given routes, it never imports them.",
            },
            { regex: "^fastify", message: "Only server.ts, control/ and browser/ speak fastify." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/resources/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(control|browser|dashboard|server)",
              message: "resources/ may import http/, domain/ and below, never the emulator's own surfaces.",
            },
            { regex: "^fastify", message: "Only server.ts, control/ and browser/ speak fastify." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/control/**/*.ts", "emulator/src/browser/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(server|cli|index)\\.js$",
              message: "control/ and browser/ are given what they need by server.ts; they never import it.",
            },
            {
              regex: "^\\.\\./dashboard/",
              message: "dashboard/ sits on top of control/ and browser/: they never import it.",
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard: pages and read routes over every layer below; it reaches the control API
    // from the browser (HTTP), never by import, so either can change without the other.
    files: ["emulator/src/dashboard/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(server|cli|index)\\.js$",
              message: "dashboard/ is given what it needs by server.ts; it never imports it.",
            },
            {
              regex: "^\\.\\./(control|browser)/",
              message:
                "dashboard/ sits beside control/ and browser/: it reaches them over HTTP, not by import.",
            },
          ],
        },
      ],
    },
  },
  {
    // No React here (Playwright's fixtures call a callback named `use`: not React's hook).
    files: ["emulator/**", "e2e/**", "bench/**", "test/**", "scripts/**", "prisma/**"],
    rules: uiRulesOff,
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
          paths: [
            {
              name: "next/link",
              message:
                "Use Link from @/components/ui/link: it prefetches a page when the visitor may follow the link, not whenever it is on screen.",
            },
          ],
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
