import { spawnSync } from "node:child_process";
import path from "node:path";
import { cacheDir } from "./cache-dir.ts";
import { envoyToolchain } from "./envoy-process.ts";
import { funcEEnvironment } from "./func-e-env.ts";
import { createRunFolder, pruneRunFolders } from "./run-folders.ts";

export interface ValidationResult {
  readonly ok: boolean;
  /** Envoy's output: "configuration '...' OK" or the reason it refused the file. */
  readonly output: string;
}

/**
 * Runs `envoy --mode validate -c <file>` through func-e, from the file's
 * folder so relative module paths resolve as they would for a user.
 */
export function validateEnvoyConfig(file: string): ValidationResult {
  const tools = envoyToolchain();
  // A run like any other, so the folders func-e keeps for it are pruned too.
  const cache = cacheDir();
  const { runId } = createRunFolder(cache);
  pruneRunFolders(cache);
  const result = spawnSync(tools.funcE, ["run", "--mode", "validate", "-c", path.resolve(file), "--use-dynamic-base-id", "--log-level", "warn"], {
    cwd: path.dirname(path.resolve(file)),
    encoding: "utf8",
    timeout: 60_000,
    env: funcEEnvironment(tools, runId),
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  return { ok: result.status === 0 && /OK/.test(output), output };
}
