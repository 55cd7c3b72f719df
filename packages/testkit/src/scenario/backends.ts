import { realEnvoySkipped } from "../envoy/opt-out.ts";
import { envoyBackend } from "./envoy-backend.ts";
import type { Backend } from "./types.ts";

const registered: Backend[] = [];

/** @internal Adds a backend to those `scenarioBackends` returns (the emulator registers itself). */
export function registerBackend(backend: Backend): void {
  if (!registered.some((existing) => existing.name === backend.name)) registered.push(backend);
}

/**
 * The backends a scenario runs on, for `describe.each`: the in-process
 * emulator, and real Envoy unless ENVOYSCRIPT_SKIP_ENVOY opts out.
 */
export function scenarioBackends(): Backend[] {
  return [...registered, ...(realEnvoySkipped() ? [] : [envoyBackend])];
}
