import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EXIT, type Command, type CommandIo } from "../command.ts";
import { CliError } from "../errors.ts";
import { buildWasmPluginManifest, manifestToYaml, type ManifestOptions } from "./manifest.ts";
import type { WasmPluginSchema } from "./schema/crd.ts";
import { formatFieldError, type FieldError } from "./schema/field-error.ts";
import { moduleConfigValidator } from "./module-config-check.ts";
import { validateWasmPlugin, type PluginConfigValidator } from "./validate.ts";
import type { EnvVar, FailStrategy, PluginPhase } from "./wasm-plugin.ts";
import { parseYamlDocuments } from "./yaml-documents.ts";

export const MANIFEST_USAGE = `Usage: envoyscript manifest --name <name> --namespace <ns> --image <oci ref> [options]

Prints an Istio WasmPlugin (extensions.istio.io/v1alpha1) for a filter image, after
validating it against Istio's own CRD schema and CEL rules (istio.io/api, pinned
in src/istio/crd-version.ts; fetched once with "go mod download", so Go is needed
the first time).

Options:
  --name <name>              metadata.name (an RFC 1123 subdomain)
  --namespace <ns>           metadata.namespace
  --image <ref>              the module: an OCI reference (oci:// is added when no
                             scheme is given), or a file://, http:// or https:// URL
  --sha256 <hex>             spec.sha256: the OCI manifest digest, or the module's
                             digest for http(s) (64 lowercase hex digits)
  --phase <phase>            AUTHN, AUTHZ, STATS or UNSPECIFIED_PHASE (default: unset,
                             i.e. after Istio's own authn/authz/stats filters)
  --priority <n>             order within the phase, higher first (int32)
  --fail-strategy <s>        FAIL_CLOSE (Istio's default), FAIL_OPEN or FAIL_RELOAD
  --plugin-name <name>       spec.pluginName, Envoy's root_id
  --config <file>            spec.pluginConfig from a JSON or YAML file (an object)
  --filter <module.wasm>     check pluginConfig with the filter itself: its proxy_on_configure
                             runs in the in-process emulator, and a refusal is reported
                             at spec.pluginConfig with the filter's own message
  --selector <k=v[,k=v]>     selector.matchLabels; repeatable
  --env <NAME=VALUE>         vmConfig.env, an INLINE variable; repeatable
  --host-env <NAME>          vmConfig.env, a variable taken from Envoy's environment; repeatable
  -h, --help                 show this help

Exit codes: 0 printed, 1 the manifest would be rejected by Istio (each problem names
its field), 2 bad usage.`;

export interface ManifestCommandOptions {
  /** The CRD schema. @default the pinned one, provisioned on first use */
  readonly schema?: WasmPluginSchema;
  /** Checks --config the way the filter would (e.g. its on_configure in the emulator). */
  readonly pluginConfigValidator?: PluginConfigValidator;
}

/** `envoyscript manifest`: builds, validates and prints a WasmPlugin; resolves to the exit code. */
export async function manifestCommand(argv: string[], io: CommandIo, options: ManifestCommandOptions = {}): Promise<number> {
  try {
    const parsed = parseManifestArgs(argv);
    if (parsed === "help") {
      io.stdout(MANIFEST_USAGE);
      return EXIT.ok;
    }
    const manifest = buildWasmPluginManifest(parsed);
    const pluginConfigValidator = options.pluginConfigValidator ?? (parsed.filter ? moduleConfigValidator(parsed.filter) : undefined);
    const validation = await validateWasmPlugin(manifest, { ...options, pluginConfigValidator });
    if (!validation.valid) {
      for (const error of validation.errors) io.stderr(`envoyscript manifest: ${formatFieldError(error)}${flagHint(error)}`);
      return EXIT.failed;
    }
    io.stdout(manifestToYaml(manifest));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr(`envoyscript manifest: ${error.message}`);
    return error.exitCode;
  }
}

/** The command as `main.ts` lists it. */
export const manifestCommandDefinition: Command = {
  name: "manifest",
  summary: "print an Istio WasmPlugin for a filter image, validated against Istio's CRD",
  usage: MANIFEST_USAGE,
  run: (argv, io) => manifestCommand(argv, io),
};

function parseManifestArgs(argv: string[]): (ManifestOptions & { filter?: string }) | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        name: { type: "string" },
        namespace: { type: "string" },
        image: { type: "string" },
        sha256: { type: "string" },
        phase: { type: "string" },
        priority: { type: "string" },
        "fail-strategy": { type: "string" },
        "plugin-name": { type: "string" },
        config: { type: "string" },
        filter: { type: "string" },
        selector: { type: "string", multiple: true },
        env: { type: "string", multiple: true },
        "host-env": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw usage(`${(error as Error).message}; run "envoyscript manifest --help"`);
  }
  if (values.help) return "help";
  for (const required of ["name", "namespace", "image"] as const) {
    if (values[required] === undefined) throw usage(`--${required} is required`);
  }
  return {
    name: values.name!,
    namespace: values.namespace!,
    image: values.image!,
    sha256: values.sha256,
    phase: values.phase as PluginPhase | undefined,
    priority: values.priority === undefined ? undefined : parsePriority(values.priority),
    failStrategy: values["fail-strategy"] as FailStrategy | undefined,
    pluginName: values["plugin-name"],
    pluginConfig: values.config === undefined ? undefined : readPluginConfig(values.config),
    selector: parseSelector(values.selector ?? []),
    env: [...(values.env ?? []).map(parseInlineEnv), ...(values["host-env"] ?? []).map((name): EnvVar => ({ name, valueFrom: "HOST" }))],
    filter: values.filter,
  };
}

function parsePriority(text: string): number {
  if (!/^-?\d+$/.test(text)) throw usage(`--priority must be an integer, got "${text}"`);
  return Number(text);
}

function parseSelector(entries: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of entries.flatMap((entry) => entry.split(","))) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw usage(`--selector takes key=value pairs, got "${pair}"`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

function parseInlineEnv(entry: string): EnvVar {
  const eq = entry.indexOf("=");
  if (eq <= 0) throw usage(`--env takes NAME=VALUE, got "${entry}"`);
  return { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

function readPluginConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw usage(`--config: cannot read "${file}" (${(error as NodeJS.ErrnoException).code})`);
  }
  const docs = parseYamlDocuments(text, file);
  const [config] = docs;
  if (docs.length !== 1 || typeof config !== "object" || config === null || Array.isArray(config)) {
    throw usage(`--config: "${file}" must hold one JSON or YAML object (the plugin's configuration)`);
  }
  return config as Record<string, unknown>;
}

const FLAG_OF_FIELD: readonly [string, string][] = [
  ["metadata.name", "--name"], ["metadata.namespace", "--namespace"], ["spec.url", "--image"], ["spec.sha256", "--sha256"],
  ["spec.phase", "--phase"], ["spec.priority", "--priority"], ["spec.failStrategy", "--fail-strategy"],
  ["spec.pluginName", "--plugin-name"], ["spec.pluginConfig", "--config"], ["spec.selector", "--selector"], ["spec.vmConfig", "--env/--host-env"],
];

function flagHint(error: FieldError): string {
  const match = FLAG_OF_FIELD.find(([field]) => error.path === field || error.path.startsWith(`${field}.`) || error.path.startsWith(`${field}[`));
  return match ? ` (${match[1]})` : "";
}

function usage(message: string): CliError {
  return new CliError("E_USAGE", message, EXIT.usage);
}
