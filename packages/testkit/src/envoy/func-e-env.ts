import path from "node:path";
import type { EnvoyToolchain } from "./provision.ts";

/**
 * The environment func-e runs in: all of its state inside the cache folder
 * (never $HOME), a fresh run id (func-e appends to a run's logs), and the
 * provisioned Envoy handed over so func-e never looks anything up online.
 */
export function funcEEnvironment(tools: EnvoyToolchain, runId: string): NodeJS.ProcessEnv {
  const home = tools.funcEHome;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FUNC_E_CONFIG_HOME: path.join(home, "config"),
    FUNC_E_DATA_HOME: path.join(home, "data"),
    FUNC_E_STATE_HOME: path.join(home, "state"),
    FUNC_E_RUNTIME_DIR: path.join(home, "runtime"),
    FUNC_E_RUN_ID: runId,
    ENVOY_VERSION: tools.envoyVersion,
  };
  if (tools.envoyPath) env.ENVOY_PATH = tools.envoyPath;
  else delete env.ENVOY_PATH;
  return env;
}
