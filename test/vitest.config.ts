import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/build/**"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Istio's CRDs and the Kubernetes validator, fetched and built once before the tests.
    globalSetup: ["../packages/cli/test/istio/provision-istio.setup.ts"],
  },
});
