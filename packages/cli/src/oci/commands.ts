import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "../errors.ts";
import { IMAGE_FORMATS, type ImageFormat } from "./image.ts";
import { describePush, pushModule } from "./push.ts";
import { pullModule } from "./pull.ts";
import type { RegistryClientOptions } from "./registry-client.ts";

/** Where a command writes; each call is one line, without its trailing newline. */
export interface CommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** What tests may replace; the CLI passes nothing. */
export type CommandContext = Pick<RegistryClientOptions, "env" | "fetch" | "sleep" | "retry">;

export const PUSH_SUMMARY = "publish a wasm module as an OCI image Istio's WasmPlugin can pull";
export const PULL_SUMMARY = "fetch a wasm module from an OCI image the way Istio does, verifying digests";

export const PUSH_USAGE = `Usage: envoyscript push <module.wasm> <registry>/<repository>:<tag> [options]

Builds an image of a Wasm module that Istio's WasmPlugin can pull, and pushes it.

Options:
  --format <compat|docker|oci>  image layout (default: compat)
                                  compat  OCI manifest, one tar+gzip layer with plugin.wasm
                                  docker  Docker v2 manifest, one tar.gzip layer with plugin.wasm
                                  oci     OCI manifest, Wasm config layer + raw module layer
  --plain-http, --insecure      talk HTTP, not HTTPS (default: HTTP only for localhost and 127.0.0.0/8)
  -h, --help                    show this help

Credentials come from $DOCKER_CONFIG/config.json (default ~/.docker/config.json).
Progress goes to stderr; stdout gets the manifest digest, the oci:// url and the
pinned url@sha256 for a WasmPlugin's "url" and "sha256".

Exit codes: 0 pushed, 1 the push failed, 2 bad usage.`;

export const PULL_USAGE = `Usage: envoyscript pull <registry>/<repository>[:<tag>|@sha256:<hex>] [options]

Fetches a Wasm image the way Istio does, verifies every digest and writes the module.

Options:
  -o, --output <file>           where to write the module (default: plugin.wasm)
  --plain-http, --insecure      talk HTTP, not HTTPS (default: HTTP only for localhost and 127.0.0.0/8)
  -h, --help                    show this help

Credentials come from $DOCKER_CONFIG/config.json (default ~/.docker/config.json).
Prints the manifest digest, the variant (docker, compat or oci) and the module size.

Exit codes: 0 pulled, 1 the pull failed or the image is not one Istio can load, 2 bad usage.`;

const TRANSPORT_OPTIONS = {
  "plain-http": { type: "boolean" },
  insecure: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `envoyscript push <module.wasm> <reference>`: returns the exit code. */
export async function pushCommand(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  return runCommand("push", io, async () => {
    const { values, positionals } = parse(argv, { ...TRANSPORT_OPTIONS, format: { type: "string" } }, "push");
    if (values.help) return io.stdout(PUSH_USAGE);
    const [moduleFile, target] = expectPositionals(positionals, ["<module.wasm>", "<registry>/<repository>:<tag>"], "push");
    const format = parseFormat(values.format);
    const module = await readModule(moduleFile);
    const result = await pushModule(module, target, { ...context, format, plainHttp: plainHttp(values), log: io.stderr });
    for (const line of describePush(result)) io.stdout(line);
  });
}

/** `envoyscript pull <reference> [-o plugin.wasm]`: returns the exit code. */
export async function pullCommand(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  return runCommand("pull", io, async () => {
    const { values, positionals } = parse(argv, { ...TRANSPORT_OPTIONS, output: { type: "string", short: "o" } }, "pull");
    if (values.help) return io.stdout(PULL_USAGE);
    const [source] = expectPositionals(positionals, ["<reference>"], "pull");
    const output = path.resolve(values.output ?? "plugin.wasm");
    const result = await pullModule(source, { ...context, plainHttp: plainHttp(values), log: io.stderr });
    await writeFile(output, result.module).catch((error: Error) => {
      throw new CliError("E_OCI_WRITE", `cannot write the module to "${output}": ${error.message}`);
    });
    io.stdout(`digest: ${result.manifestDigest}`);
    io.stdout(`variant: ${result.variant} (${result.manifestMediaType}, layer ${result.layer.mediaType})`);
    io.stdout(`size: ${result.module.length} bytes`);
    io.stdout(`wrote: ${output}`);
  });
}

/** Runs a command body; a CliError becomes one stderr line (message, then its code) and its exit code. */
async function runCommand(name: string, io: CommandIo, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr(`envoyscript ${name}: ${error.message} [${error.code}]`);
    return error.exitCode;
  }
}

type OptionSpec = Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? NonNullable<O> : never) : never;

function parse<O extends OptionSpec>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(command, (error as Error).message);
  }
}

function expectPositionals(positionals: string[], names: string[], command: string): string[] {
  if (positionals.length !== names.length) {
    throw usageError(command, `expected ${names.join(" ")}, got ${positionals.length === 0 ? "nothing" : positionals.map((p) => `"${p}"`).join(" ")}`);
  }
  return positionals;
}

function usageError(command: string, reason: string): CliError {
  return new CliError("E_USAGE", `${reason}; run "envoyscript ${command} --help"`, 2);
}

function parseFormat(value: string | undefined): ImageFormat {
  if (value === undefined) return "compat";
  if ((IMAGE_FORMATS as readonly string[]).includes(value)) return value as ImageFormat;
  throw usageError("push", `--format "${value}" is not one of ${IMAGE_FORMATS.join(", ")}`);
}

function plainHttp(values: { "plain-http"?: boolean; insecure?: boolean }): boolean | undefined {
  return values["plain-http"] || values.insecure ? true : undefined;
}

async function readModule(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new CliError("E_OCI_MODULE", `cannot read the module "${file}": ${(error as Error).message}. Build it first (npx envoyscript build)`);
  }
}
