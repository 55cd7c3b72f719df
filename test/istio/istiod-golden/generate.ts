// `npm run istio:goldens`: what istiod's own code makes of the golden cases.
// Builds tools/istiod-translate (Go module istio.io/istio, pinned in its
// go.mod; Go's caches in the envoyscript cache folder), hands it the cases
// with their inputs resolved, and writes one golden per case into goldens/.
// Takes minutes the first time (the build); the test that compares the
// TypeScript translation with the goldens does not run this.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { buildGoProgram } from "../../../packages/cli/src/istio/index.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { GOLDEN_CASES, GOLDEN_DIR, resolveCase } from "./cases.ts";

const started = Date.now();
const binary = await buildGoProgram(path.join(REPO_ROOT, "tools", "istiod-translate"), "istiod-translate", {
  cacheDir: cacheDir(),
  progress: (line) => console.error(line),
});
console.error(`istiod-translate ready after ${((Date.now() - started) / 1000).toFixed(0)} s: ${binary}`);

const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-goldens-"));
try {
  const casesFile = path.join(scratch, "cases.json");
  writeFileSync(casesFile, JSON.stringify(GOLDEN_CASES.map(resolveCase), null, 2));
  for (const old of readdirSync(GOLDEN_DIR).filter((file) => file.endsWith(".json"))) rmSync(path.join(GOLDEN_DIR, old));
  execFileSync(binary, [casesFile, GOLDEN_DIR], { stdio: "inherit" });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
