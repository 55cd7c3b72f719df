import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EXIT, type Command, type CommandIo } from "../command.ts";
import { CliError } from "../errors.ts";
import {
  EXTENSION_KINDS,
  type EnvVar,
  type ExtensionKind,
  type FailStrategy,
  type PluginType,
  type PolicyTargetReference,
  type PullPolicy,
  type TrafficSelector,
} from "./extension-resources.ts";
import { formatFieldError, type FieldError } from "./field-error.ts";
import type { KubeValidationOptions } from "./kube-validator.ts";
import { buildExtensionManifest, manifestToYaml, type ManifestOptions, type ManifestPhase } from "./manifest.ts";
import { moduleConfigValidator } from "./module-config-check.ts";
import { validateIstioResource, type PluginConfigValidator } from "./validate.ts";
import { parseYamlDocuments } from "./yaml-documents.ts";

export const MANIFEST_USAGE = `Usage: envoyscript manifest --name <name> --namespace <ns> --image <oci ref> [options]

Prints an Istio WasmPlugin or TrafficExtension (extensions.istio.io/v1alpha1) for a
filter image, after validating it the way the Kubernetes API server would, with its
own code, against Istio's CRDs and their CEL rules (istio.io/api, pinned in
src/istio/istio-release.ts). Go is needed the first time: "go mod download" fetches
the CRDs and "go build" builds the validator (about a minute or two, cached after).

Options:
  --kind <kind>              WasmPlugin (default; every Istio release) or TrafficExtension
                             (Istio 1.30 and newer, WasmPlugin's successor)
  --name <name>              metadata.name (an RFC 1123 subdomain)
  --namespace <ns>           metadata.namespace
  --image <ref>              the module: an OCI reference (oci:// is added when no
                             scheme is given), or a file://, http:// or https:// URL
  --sha256 <hex>             sha256: the OCI manifest digest, or the module's
                             digest for http(s) (64 lowercase hex digits)
  --pull-policy <p>          imagePullPolicy: IfNotPresent or Always (default: Always
                             for an OCI tag latest, else IfNotPresent)
  --pull-secret <name>       imagePullSecret: a Secret of type kubernetes.io/dockerconfigjson
                             in the same namespace, used to pull the image
  --phase <phase>            AUTHN, AUTHZ, STATS or UNSPECIFIED (default: unset, i.e. after
                             Istio's own authn/authz/stats filters)
  --priority <n>             order within the phase, higher first (int32)
  --fail-strategy <s>        FAIL_CLOSE (Istio's default), FAIL_OPEN or FAIL_RELOAD
  --plugin-name <name>       pluginName, Envoy's root_id
  --config <file>            pluginConfig from a JSON or YAML file (an object)
  --filter <module.wasm>     check pluginConfig with the filter itself: its proxy_on_configure
                             runs in the in-process emulator, and a refusal is reported
                             at pluginConfig with the filter's own message
  --type <type>              HTTP (default) or NETWORK (an L4 filter)
  --selector <k=v[,k=v]>     selector.matchLabels; repeatable
  --target-ref <[group/]kind/name>
                             targetRefs, e.g. gateway.networking.k8s.io/Gateway/ingress
                             (Gateway API gateways and waypoints); repeatable
  --match <mode[:port,...]>  match: a traffic direction (CLIENT, SERVER, CLIENT_AND_SERVER)
                             and optional ports, e.g. SERVER:8080,9090; repeatable
  --env <NAME=VALUE>         vmConfig.env, an INLINE variable; repeatable
  --host-env <NAME>          vmConfig.env, a variable taken from Envoy's environment; repeatable
  -h, --help                 show this help

Exit codes: 0 printed, 1 the manifest would be rejected by the API server or the filter
(each problem names its field), 2 bad usage.`;

export interface ManifestCommandOptions {
  /** Where the validator finds its CRDs and cache. @default Istio's pinned CRDs */
  readonly validation?: KubeValidationOptions;
  /** Checks --config the way the filter would (e.g. its on_configure in the emulator). */
  readonly pluginConfigValidator?: PluginConfigValidator;
}

/** `envoyscript manifest`: builds, validates and prints a WasmPlugin or TrafficExtension; resolves to the exit code. */
export async function manifestCommand(argv: string[], io: CommandIo, options: ManifestCommandOptions = {}): Promise<number> {
  try {
    const parsed = parseManifestArgs(argv);
    if (parsed === "help") {
      io.stdout(MANIFEST_USAGE);
      return EXIT.ok;
    }
    const manifest = buildExtensionManifest(parsed);
    const pluginConfigValidator = options.pluginConfigValidator ?? (parsed.filter ? moduleConfigValidator(parsed.filter) : undefined);
    const validation = await validateIstioResource(manifest, { ...options.validation, pluginConfigValidator });
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
  summary: "print an Istio WasmPlugin or TrafficExtension for a filter image, validated as the API server would",
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
        kind: { type: "string" },
        name: { type: "string" },
        namespace: { type: "string" },
        image: { type: "string" },
        sha256: { type: "string" },
        "pull-policy": { type: "string" },
        "pull-secret": { type: "string" },
        phase: { type: "string" },
        priority: { type: "string" },
        "fail-strategy": { type: "string" },
        "plugin-name": { type: "string" },
        config: { type: "string" },
        filter: { type: "string" },
        type: { type: "string" },
        selector: { type: "string", multiple: true },
        "target-ref": { type: "string", multiple: true },
        match: { type: "string", multiple: true },
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
    kind: parseKind(values.kind),
    name: values.name!,
    namespace: values.namespace!,
    image: values.image!,
    sha256: values.sha256,
    imagePullPolicy: values["pull-policy"] as PullPolicy | undefined,
    imagePullSecret: values["pull-secret"],
    phase: values.phase as ManifestPhase | undefined,
    priority: values.priority === undefined ? undefined : parsePriority(values.priority),
    failStrategy: values["fail-strategy"] as FailStrategy | undefined,
    pluginName: values["plugin-name"],
    pluginConfig: values.config === undefined ? undefined : readPluginConfig(values.config),
    type: values.type as PluginType | undefined,
    selector: parseSelector(values.selector ?? []),
    targetRefs: (values["target-ref"] ?? []).map(parseTargetRef),
    match: (values.match ?? []).map(parseMatch),
    env: [...(values.env ?? []).map(parseInlineEnv), ...(values["host-env"] ?? []).map((name): EnvVar => ({ name, valueFrom: "HOST" }))],
    filter: values.filter,
  };
}

function parseKind(kind: string | undefined): ExtensionKind {
  if (kind === undefined) return "WasmPlugin";
  if (!EXTENSION_KINDS.includes(kind as ExtensionKind)) throw usage(`--kind must be ${EXTENSION_KINDS.join(" or ")}, got "${kind}"`);
  return kind as ExtensionKind;
}

function parseTargetRef(text: string): PolicyTargetReference {
  const parts = text.split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === "")) throw usage(`--target-ref takes [group/]kind/name, got "${text}"`);
  const [kind, name] = parts.slice(-2);
  return parts.length === 3 ? { group: parts[0], kind, name } : { kind, name };
}

function parseMatch(text: string): TrafficSelector {
  const [mode, ports] = text.split(":", 2);
  const numbers = ports === undefined ? [] : ports.split(",").map((port) => {
    if (!/^\d+$/.test(port)) throw usage(`--match takes mode[:port,...], got "${text}"`);
    return { number: Number(port) };
  });
  return { mode: mode as TrafficSelector["mode"], ...(numbers.length > 0 ? { ports: numbers } : {}) };
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

/** Which flag set a field, for both kinds (a TrafficExtension's Wasm fields sit under spec.wasm). */
const FLAG_OF_FIELD: readonly [string, string][] = [
  ["metadata.name", "--name"], ["metadata.namespace", "--namespace"], ["url", "--image"], ["sha256", "--sha256"],
  ["imagePullPolicy", "--pull-policy"], ["imagePullSecret", "--pull-secret"], ["phase", "--phase"], ["priority", "--priority"],
  ["failStrategy", "--fail-strategy"], ["pluginName", "--plugin-name"], ["pluginConfig", "--config"], ["type", "--type"],
  ["selector", "--selector"], ["targetRefs", "--target-ref"], ["match", "--match"], ["vmConfig", "--env/--host-env"],
];

function flagHint(error: FieldError): string {
  const path = error.path.replace(/^spec\.(wasm\.)?/, "");
  const match = FLAG_OF_FIELD.find(([field]) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
  return match ? ` (${match[1]})` : "";
}

function usage(message: string): CliError {
  return new CliError("E_USAGE", message, EXIT.usage);
}
