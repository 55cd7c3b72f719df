// Builds the template project once, before the test files run: tests that
// need a filter module of the CLI's own (run, manifest --filter) read it
// with inject("greeter"). Provisions Envoy first too: on a fresh machine a
// test of `run` would otherwise install it (or wait for another package's
// tests installing it) and print that among the lines it checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { provisionEnvoy, realEnvoySkipped } from "@envoyscript/testkit";
import { buildGreeter } from "./template-project.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The template project "greeter", built: its folder, module and config.json. */
    greeter: { dir: string; module: string; config: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!realEnvoySkipped()) provisionEnvoy();
  const parent = mkdtempSync(path.join(tmpdir(), "envoyscript-cli-template-"));
  project.provide("greeter", await buildGreeter(parent));
  return () => rmSync(parent, { recursive: true, force: true });
}
