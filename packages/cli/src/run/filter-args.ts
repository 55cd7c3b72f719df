import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { WasmFilter } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";

export interface RunArgs {
  readonly filters: WasmFilter[];
  readonly upstream: string | null;
  readonly port: number;
  readonly watch: boolean;
  /** Run each --filter's debug build and print traps symbolized (run/debug-builds.ts). */
  readonly debug: boolean;
  readonly plugins: string[];
  readonly istioVersion?: string;
}

/**
 * Parses `run`'s arguments. `--filter` opens a filter; the `--config`,
 * `--root-id` and `--fail-open` that follow it belong to that filter, so
 * order matters and `parseArgs` tokens keep it.
 */
export function parseRunArgs(argv: string[]): RunArgs {
  const { tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      filter: { type: "string", multiple: true },
      config: { type: "string", multiple: true },
      "root-id": { type: "string", multiple: true },
      "fail-open": { type: "boolean", multiple: true },
      plugin: { type: "string", multiple: true },
      upstream: { type: "string" },
      port: { type: "string" },
      watch: { type: "boolean" },
      debug: { type: "boolean" },
      "istio-version": { type: "string" },
    },
  });
  const filters: { module: string; rootId?: string; configuration?: string; failOpen?: boolean }[] = [];
  const plugins: string[] = [];
  let upstream: string | null = null;
  let port = 10000;
  let watch = false;
  let istioVersion: string | undefined;
  const current = (option: string) => {
    const last = filters.at(-1);
    if (!last) throw new CliError("E_USAGE", `--${option} must follow a --filter <module.wasm>`, 2);
    return last;
  };
  for (const token of tokens ?? []) {
    if (token.kind !== "option") continue;
    const value = token.value ?? "";
    switch (token.name) {
      case "filter":
        filters.push({ module: path.resolve(value), rootId: defaultRootId(value) });
        break;
      case "config":
        current("config").configuration = readConfig(value);
        break;
      case "root-id":
        current("root-id").rootId = value;
        break;
      case "fail-open":
        current("fail-open").failOpen = true;
        break;
      case "plugin":
        plugins.push(path.resolve(value));
        break;
      case "upstream":
        upstream = value;
        break;
      case "port":
        port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError("E_USAGE", `--port must be 0..65535, got "${value}"`, 2);
        break;
      case "watch":
        watch = true;
        break;
      case "istio-version":
        istioVersion = value;
        break;
    }
  }
  if (filters.length === 0 && plugins.length === 0) throw new CliError("E_USAGE", "give at least one --filter <module.wasm> or --plugin <wasmplugin.yaml>", 2);
  return { filters, upstream, port, watch, debug: tokens?.some((token) => token.kind === "option" && token.name === "debug") === true, plugins, istioVersion };
}

/** `hello.wasm` and `hello.debug.wasm` run as root id `hello`, the SDK's convention of naming a plugin after its module. */
function defaultRootId(module: string): string {
  return path.basename(module).replace(/\.wasm$/, "").replace(/\.debug$/, "");
}

/** The file's bytes, handed to the plugin as they are (JSON or not). */
function readConfig(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError("E_CONFIG_FILE", `cannot read --config "${file}": ${(error as Error).message}`);
  }
}
