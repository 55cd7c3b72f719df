/** Provisioning of the command-line tools a benchmark needs from Debian's packages, idempotent. */
import { execFileSync, spawnSync } from "node:child_process";

/** `command` on PATH, or `apt-get install -y <debianPackage>` (needs root, as on the project machines). */
export function ensureDebianTool(command: string, debianPackage: string, homepage: string, progress: (line: string) => void): string {
  const found = which(command);
  if (found) return found;
  if (!which("apt-get")) throw new Error(`${command} is missing and apt-get is not available: install ${debianPackage} (${homepage}) and put ${command} on PATH`);
  progress(`installing ${debianPackage} with apt-get (once)`);
  const script = `apt-get install -y ${debianPackage} || (apt-get update && apt-get install -y ${debianPackage})`;
  const install = spawnSync("sh", ["-c", script], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const installed = which(command);
  if (!installed) throw new Error(`"apt-get install -y ${debianPackage}" failed (exit ${install.status}): ${install.stderr.slice(-1000)}; install ${debianPackage} by hand`);
  return installed;
}

export function which(command: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}
