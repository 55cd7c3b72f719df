// One lint configuration for every TypeScript file of the monorepo.
// AssemblyScript sources (assembly/) are checked by the AssemblyScript
// compiler itself, whose types (i32, usize, @inline) ESLint cannot read.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "packages/*/build/**", "examples/*/build/**", "test/*/build/**", "**/fixtures/*/build/**", "**/assembly/**", ".cache/**", "**/.turbo/**", "**/dist/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript entry points run on Node.
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly", URL: "readonly" },
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
);
