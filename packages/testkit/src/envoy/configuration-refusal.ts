/**
 * A refused configuration as Envoy's log tells it: the module's `wasm log`
 * lines while configuring, then "Failed to configure base Wasm plugin" and
 * "Plugin <name> failed to load" before Envoy exits.
 */
import { ConfigurationRefusedError } from "../errors/configuration-refused.ts";
import { wasmLogLines } from "./wasm-log.ts";

/** The refusal in Envoy's log, or null when Envoy exited for another reason. */
export function configurationRefusal(log: string, where = ""): ConfigurationRefusedError | null {
  const lines = log.split("\n");
  const failed = lines.findIndex((line) => line.includes("Failed to configure base Wasm plugin") || line.includes("Failed to configure Wasm plugin"));
  if (failed < 0) return null;
  const plugin = lines.map((line) => /Plugin (\S+) failed to load/.exec(line)?.[1] ?? /Unable to create Wasm plugin (\S+)/.exec(line)?.[1]).find(Boolean) ?? "";
  return new ConfigurationRefusedError("envoy", plugin, wasmLogLines(lines.slice(0, failed).join("\n")), where);
}
