// The filter module and configuration builders shared by the jwt-authz tests.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FilterSetup, WasmFilter } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MODULE = path.join(here, "..", "..", "..", "build", "jwt-authz.wasm");
export const ROOT_ID = "jwt-authz";

export const ISSUER = "https://issuer.example.com";
export const AUDIENCE = "orders-api";

export function jwtAuthz(configuration: object): WasmFilter {
  return { module: MODULE, rootId: ROOT_ID, configuration };
}

export function setupWith(configuration: object, extra: Partial<FilterSetup> = {}): FilterSetup {
  return { filters: [jwtAuthz(configuration)], ...extra };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
