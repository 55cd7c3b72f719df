import { kubeValidateBinary, provisionIstioCrds } from "../../src/istio/index.ts";

/**
 * vitest globalSetup: Istio's CRDs and the Kubernetes validator, ready
 * before any test file starts, so that no test's timeout has to cover the
 * one-time `go mod download` and `go build` (minutes on a fresh machine).
 * Instant when both are in the cache.
 */
export default async function provisionIstio(): Promise<void> {
  const progress = (line: string) => console.error(`istio provisioning: ${line}`);
  await provisionIstioCrds({ progress });
  await kubeValidateBinary({ progress });
}
