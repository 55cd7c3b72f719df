import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.ts";

const TEMPLATE_DIR = fileURLToPath(new URL("../../templates/filter/", import.meta.url));
const CLI_MANIFEST = new URL("../../package.json", import.meta.url);

/** Files whose template name differs from the written name (npm drops `.gitignore` from packages). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

export interface ScaffoldResult {
  readonly dir: string;
  readonly name: string;
  readonly files: string[];
  /** Whether `npm install` ran in it. */
  readonly installed: boolean;
}

export interface ScaffoldOptions {
  /** Run `npm install` in the new project (its output goes to stderr). @default true */
  readonly install?: boolean;
}

/**
 * Writes a new filter project into `dir` (which must not exist or be empty):
 * the one scaffold behind both `envoyscript new` and `npm create envoyscript`.
 * Its package.json asks the registry for this release's packages with caret
 * ranges; then `npm install` runs in it unless `install` is false.
 */
export function scaffoldProject(dir: string, options: ScaffoldOptions = {}): ScaffoldResult {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError("E_TARGET_NOT_EMPTY", `"${dir}" exists and is not empty: choose a new folder name`, 2);
  }
  const name = projectName(target);
  const files = copyTemplate(TEMPLATE_DIR, target, templateValues(name));
  if (options.install !== false) installDependencies(target);
  return { dir: target, name, files, installed: options.install !== false };
}

/** What to type next in the project at `dir` (shown relative to the working folder). */
export function nextSteps(result: ScaffoldResult): string {
  const relative = path.relative(process.cwd(), result.dir) || ".";
  return [
    "Next:",
    `  cd ${relative}`,
    ...(result.installed ? [] : ["  npm install"]),
    "  npm test     # build, then test on the emulator and in a real Envoy (provisioned into .cache/ on first run)",
    "  npm start    # run it in Envoy in front of an echo upstream",
  ].join("\n");
}

function installDependencies(dir: string): void {
  const result = spawnSync("npm", ["install"], { cwd: dir, stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
  if (result.status !== 0) {
    const reason = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new CliError("E_INSTALL", `the project is written, but "npm install" failed in "${dir}" (${reason}): fix the cause above, then run npm install there`);
  }
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
  const { version } = JSON.parse(readFileSync(CLI_MANIFEST, "utf8")) as { version: string };
  return { name, metricName: name.replace(/-/g, "_"), version };
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
