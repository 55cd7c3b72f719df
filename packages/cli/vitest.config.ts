import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Istio's CRDs and the Kubernetes validator, fetched and built once before the tests.
    globalSetup: ["./test/istio/provision-istio.setup.ts"],
  },
});
