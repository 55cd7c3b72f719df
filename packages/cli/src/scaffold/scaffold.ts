import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.ts";

const TEMPLATE_DIR = fileURLToPath(new URL("../../templates/filter/", import.meta.url));
const CLI_PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Files whose template name differs from the written name (npm drops `.gitignore` from packages). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

/**
 * Packages a new project needs to build and test: linked from this CLI's own
 * installation, so the project works at once, without a registry.
 */
const LINKED_PACKAGES = ["@envoyscript/sdk", "@envoyscript/testkit", "@envoyscript/cli", "assemblyscript", "vitest", "tsx", "yaml"];
const LINKED_BINARIES: Readonly<Record<string, string>> = { envoyscript: "@envoyscript/cli", vitest: "vitest", asc: "assemblyscript" };

export interface ScaffoldResult {
  readonly dir: string;
  readonly name: string;
  readonly files: string[];
  readonly linked: string[];
}

/** Writes a new filter project into `dir` (which must not exist or be empty). */
export function scaffoldProject(dir: string, options: { link?: boolean } = {}): ScaffoldResult {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError("E_TARGET_NOT_EMPTY", `"${dir}" exists and is not empty: choose a new folder name`, 2);
  }
  const name = projectName(target);
  const values = templateValues(name);
  const files = copyTemplate(TEMPLATE_DIR, target, values);
  const linked = options.link === false ? [] : linkDependencies(target);
  return { dir: target, name, files, linked };
}

/** The folder name, made a valid npm package name and plugin root id. */
function projectName(target: string): string {
  const base = path.basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  if (!base || !/^[a-z]/.test(base)) {
    throw new CliError("E_BAD_NAME", `"${path.basename(target)}" cannot name a filter: use a folder name that starts with a letter (a-z, 0-9, -)`, 2);
  }
  return base;
}

function templateValues(name: string): Record<string, string> {
  const require = createRequire(path.join(CLI_PACKAGE_DIR, "package.json"));
  const versionOf = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  return {
    name,
    metricName: name.replace(/-/g, "_"),
    version: versionOf("@envoyscript/cli"),
    assemblyscriptVersion: versionOf("assemblyscript"),
    vitestVersion: versionOf("vitest"),
  };
}

function copyTemplate(from: string, to: string, values: Record<string, string>): string[] {
  const written: string[] = [];
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    const destination = path.join(to, RENAMED[entry] ?? entry);
    if (statSync(source).isDirectory()) {
      written.push(...copyTemplate(source, destination, values));
      continue;
    }
    const text = readFileSync(source, "utf8").replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
    writeFileSync(destination, text);
    written.push(destination);
  }
  return written;
}

/** Links the SDK, testkit, CLI and toolchain into the project's node_modules, as an install would. */
function linkDependencies(target: string): string[] {
  const require = createRequire(path.join(CLI_PACKAGE_DIR, "package.json"));
  const linked: string[] = [];
  for (const pkg of LINKED_PACKAGES) {
    const source = path.dirname(require.resolve(`${pkg}/package.json`));
    const link = path.join(target, "node_modules", pkg);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(source, link, "dir");
    linked.push(pkg);
  }
  const binDir = path.join(target, "node_modules", ".bin");
  mkdirSync(binDir, { recursive: true });
  for (const [binary, pkg] of Object.entries(LINKED_BINARIES)) {
    const manifest = JSON.parse(readFileSync(path.join(target, "node_modules", pkg, "package.json"), "utf8")) as { bin: Record<string, string> | string };
    const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[binary];
    symlinkSync(path.join("..", pkg, relative), path.join(binDir, binary));
  }
  return linked;
}
