#!/usr/bin/env node
// The one way a TypeScript package of this repository is compiled (its
// "build" script runs this in the package's folder): dist/ emptied, so a
// renamed or deleted source leaves nothing behind, then `tsc` with the
// package's tsconfig.build.json (which extends tsconfig.package.json).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";

rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exitCode = result.status ?? 1;
