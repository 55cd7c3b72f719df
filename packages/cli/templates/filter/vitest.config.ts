import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Provisions func-e and Envoy before the tests (the first run only takes minutes).
    globalSetup: ["test/provision-envoy.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
