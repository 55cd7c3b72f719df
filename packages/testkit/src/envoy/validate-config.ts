import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { envoyToolchain } from "./envoy-process.ts";
import { funcEEnvironment } from "./func-e-env.ts";

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
  const result = spawnSync(tools.funcE, ["run", "--mode", "validate", "-c", path.resolve(file), "--use-dynamic-base-id", "--log-level", "warn"], {
    cwd: path.dirname(path.resolve(file)),
    encoding: "utf8",
    timeout: 60_000,
    env: funcEEnvironment(tools, `validate-${randomBytes(4).toString("hex")}`),
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  return { ok: result.status === 0 && /OK/.test(output), output };
}
