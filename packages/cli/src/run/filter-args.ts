import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { FAILURE_POLICIES, type FailurePolicy, type WasmFilter } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";
import { parseUpstreamFlag, type UpstreamSpec } from "./upstreams.ts";

export interface RunArgs {
  readonly filters: WasmFilter[];
  /** `--upstream` flags in order: the first is the default route's cluster. */
  readonly upstreams: UpstreamSpec[];
  /** Request header whose value names the cluster to route to. */
  readonly routeHeader: string;
  /** A user's own bootstrap to insert the filters into, instead of the generated one. */
  readonly envoyConfig: string | null;
  readonly port: number;
  readonly verbose: boolean;
  readonly watch: boolean;
  /** Run each --filter's debug build and print traps symbolized (run/debug-builds.ts). */
  readonly debug: boolean;
  readonly plugins: string[];
  readonly istioVersion?: string;
  /** The application port a sidecar's inbound listener would serve (a gateway's listener port with --gateway), matched against plugins' match[].ports. */
  readonly workloadPort?: number;
  /** Emulate the Gateway API gateway of this name instead of a sidecar: plugins attach by targetRefs naming it. */
  readonly gateway?: string;
  /** Docker config JSON by Secret name, for plugins' imagePullSecret (--pull-secret name=config.json). */
  readonly pullSecrets: Record<string, string>;
}

/**
 * Parses `run`'s arguments. `--filter` opens a filter; the `--config`,
 * `--root-id` and `--failure-policy` that follow it belong to that filter,
 * so order matters and `parseArgs` tokens keep it.
 */
export function parseRunArgs(argv: string[]): RunArgs {
  const { tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      filter: { type: "string", multiple: true },
      config: { type: "string", multiple: true },
      "root-id": { type: "string", multiple: true },
      "failure-policy": { type: "string", multiple: true },
      plugin: { type: "string", multiple: true },
      upstream: { type: "string", multiple: true },
      "route-header": { type: "string" },
      "envoy-config": { type: "string" },
      port: { type: "string" },
      verbose: { type: "boolean" },
      watch: { type: "boolean" },
      debug: { type: "boolean" },
      "istio-version": { type: "string" },
      "workload-port": { type: "string" },
      gateway: { type: "string" },
      "pull-secret": { type: "string", multiple: true },
    },
  });
  const filters: { module: string; rootId?: string; configuration?: string; failurePolicy?: FailurePolicy }[] = [];
  const plugins: string[] = [];
  const upstreams: UpstreamSpec[] = [];
  let routeHeader = DEFAULT_ROUTE_HEADER;
  let envoyConfig: string | null = null;
  let port: number | null = null;
  let verbose = false;
  let watch = false;
  let debug = false;
  let istioVersion: string | undefined;
  let workloadPort: number | undefined;
  let gateway: string | undefined;
  const pullSecrets: Record<string, string> = {};
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
      case "failure-policy":
        if (!FAILURE_POLICIES.includes(value as FailurePolicy)) throw new CliError("E_USAGE", `--failure-policy takes ${FAILURE_POLICIES.join(", ")}, got "${value}"`, 2);
        current("failure-policy").failurePolicy = value as FailurePolicy;
        break;
      case "plugin":
        plugins.push(path.resolve(value));
        break;
      case "upstream":
        upstreams.push(parseUpstreamFlag(value));
        break;
      case "route-header":
        if (!/^[a-z0-9-]+$/.test(value)) throw new CliError("E_USAGE", `--route-header must be a lower-case header name, got "${value}"`, 2);
        routeHeader = value;
        break;
      case "envoy-config":
        envoyConfig = path.resolve(value);
        break;
      case "verbose":
        verbose = true;
        break;
      case "port":
        port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError("E_USAGE", `--port must be 0..65535, got "${value}"`, 2);
        break;
      case "watch":
        watch = true;
        break;
      case "debug":
        debug = true;
        break;
      case "istio-version":
        istioVersion = value;
        break;
      case "pull-secret": {
        const eq = value.indexOf("=");
        if (eq <= 0) throw new CliError("E_USAGE", `--pull-secret takes <secret name>=<Docker config.json>, got "${value}"`, 2);
        pullSecrets[value.slice(0, eq)] = readDockerConfig(value.slice(eq + 1));
        break;
      }
      case "workload-port":
        workloadPort = Number(value);
        if (!Number.isInteger(workloadPort) || workloadPort < 1 || workloadPort > 65535) throw new CliError("E_USAGE", `--workload-port must be 1..65535, got "${value}"`, 2);
        break;
      case "gateway":
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) throw new CliError("E_USAGE", `--gateway takes a Gateway's name (lower-case letters, digits and "-"), got "${value}"`, 2);
        gateway = value;
        break;
    }
  }
  if (filters.length === 0 && plugins.length === 0) throw new CliError("E_USAGE", "give at least one --filter <module.wasm> or --plugin <wasmplugin.yaml>", 2);
  if (gateway !== undefined && plugins.length === 0) throw new CliError("E_USAGE", "--gateway applies to --plugin files: give at least one --plugin <file.yaml>", 2);
  if (envoyConfig !== null && (upstreams.length > 0 || port !== null || gateway !== undefined)) {
    throw new CliError("E_USAGE", "--envoy-config runs your bootstrap's own listeners and clusters: leave out --upstream, --port and --gateway", 2);
  }
  for (const filter of filters) checkModule(filter.module);
  return { filters, upstreams, routeHeader, envoyConfig, port: port ?? DEFAULT_PORT, verbose, watch, debug, plugins, istioVersion, workloadPort, gateway, pullSecrets };
}

/** The listener port when --port is not given. */
export const DEFAULT_PORT = 10000;

/** routing-headers' default `destinationHeader`: a request carrying it goes to the cluster it names. */
export const DEFAULT_ROUTE_HEADER = "x-route-destination";

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

/** Refuses a --filter that is missing or not a WebAssembly binary, before Envoy is started for it. */
function checkModule(module: string): void {
  let head: Buffer;
  try {
    head = readFileSync(module).subarray(0, 4);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError("E_MODULE", `cannot read --filter "${module}": ${reason}; build it first (envoyscript build) or check the path`);
  }
  if (!head.equals(WASM_MAGIC)) {
    throw new CliError("E_MODULE", `--filter "${module}" is not a WebAssembly module (it does not start with "\\0asm"); give the .wasm file envoyscript build writes`);
  }
}

/** `hello.wasm` and `hello.debug.wasm` run as root id `hello`, the SDK's convention of naming a plugin after its module. */
function defaultRootId(module: string): string {
  return path.basename(module).replace(/\.wasm$/, "").replace(/\.debug$/, "");
}

/** A Docker config.json, standing in for the kubernetes.io/dockerconfigjson Secret a plugin's imagePullSecret names. */
function readDockerConfig(file: string): string {
  const text = readConfig(file);
  try {
    JSON.parse(text);
  } catch (error) {
    throw new CliError("E_CONFIG_FILE", `--pull-secret "${file}" is not JSON (${(error as Error).message}): give a Docker config.json`);
  }
  return text;
}

/** The file's bytes, handed to the plugin as they are (JSON or not). */
function readConfig(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError("E_CONFIG_FILE", `cannot read --config "${file}": ${(error as Error).message}`);
  }
}
