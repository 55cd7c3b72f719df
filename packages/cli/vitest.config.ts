import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The template project "greeter", built once; Istio's CRDs and the Kubernetes validator, fetched and built once.
    globalSetup: ["./test/support/global-setup.ts", "./test/istio/provision-istio.setup.ts"],
  },
});
