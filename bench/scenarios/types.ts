import type { JwtFixtures } from "../lib/jwt-fixtures.ts";
import type { LoadRequest } from "../lib/wrk-script.ts";

/** Who wrote what a configuration measures. */
export type Variant = "baseline" | "ours" | "native" | "go-peer" | "example" | "floor";

/** What a sanity request must get back before a configuration is measured. */
export interface Expectation {
  readonly status: number;
  /** A response header that proves the filter (or native equivalent) did its work. */
  readonly header?: readonly [name: string, value: string];
  readonly body?: string;
}

/** The proxy-wasm plugin a configuration measures, as the emulator loads it to count its calls per request. */
export interface MeasuredPlugin {
  readonly module: string;
  readonly rootId: string;
  readonly configuration: string | Record<string, unknown>;
}

/** One Envoy configuration of the load benchmark. */
export interface LoadConfiguration {
  /** Stable id, `<family>/<variant>[-<case>]`, used in JSON and --only. */
  readonly id: string;
  /** The filter (or "baseline") it belongs to: rows of one family compare with each other. */
  readonly family: string;
  readonly variant: Variant;
  /** One line for the table. */
  readonly label: string;
  /** Modules the configuration loads; a missing one makes the row "not built". */
  readonly modules: readonly string[];
  /** The Wasm plugin it runs (none for the baseline and native filters). */
  readonly plugin?: MeasuredPlugin;
  /** The whole Envoy bootstrap. */
  bootstrap(): Record<string, unknown>;
  readonly request: LoadRequest;
  readonly expect: Expectation;
}

export interface ScenarioContext {
  readonly jwt: JwtFixtures;
  /** Path of the Go peer's module by name, when it was built. */
  readonly goPeer: Partial<Record<"routing-headers" | "jwt-authz", string>>;
}
