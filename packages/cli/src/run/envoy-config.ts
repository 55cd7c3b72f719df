import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { CliError } from "../errors.ts";
import type { ListenerAddress } from "./port-probe.ts";

type Json = Record<string, unknown>;

const HCM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

/** Reads a user's Envoy bootstrap (YAML or JSON). */
export function readEnvoyConfig(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError("E_ENVOY_CONFIG", `cannot read --envoy-config "${file}": ${(error as Error).message}`);
  }
  let bootstrap: unknown;
  try {
    bootstrap = parse(text);
  } catch (error) {
    throw new CliError("E_ENVOY_CONFIG", `--envoy-config "${file}" is not YAML: ${(error as Error).message}`);
  }
  if (!isObject(bootstrap)) throw new CliError("E_ENVOY_CONFIG", `--envoy-config "${file}" is not an Envoy bootstrap (a YAML mapping)`);
  return bootstrap;
}

/**
 * A copy of `bootstrap` with `httpFilters` inserted, in order, right before
 * the router of every HTTP connection manager of its static listeners (in
 * every filter chain, the default one included); at the end of a manager
 * without a router. Refuses a bootstrap without any HTTP connection manager:
 * the filters would not run.
 */
export function insertHttpFilters(bootstrap: Json, httpFilters: readonly Json[], file: string): Json {
  const copy = structuredClone(bootstrap);
  let managers = 0;
  for (const listener of staticListeners(copy)) {
    const chains = [...asArray(listener.filter_chains), ...(isObject(listener.default_filter_chain) ? [listener.default_filter_chain] : [])];
    for (const chain of chains.filter(isObject)) {
      for (const filter of asArray(chain.filters).filter(isObject)) {
        const config = filter.typed_config;
        if (!isObject(config) || config["@type"] !== HCM_TYPE) continue;
        const chainFilters = asArray(config.http_filters).filter(isObject);
        const router = chainFilters.findIndex(isRouter);
        const at = router < 0 ? chainFilters.length : router;
        config.http_filters = [...chainFilters.slice(0, at), ...httpFilters.map((entry) => structuredClone(entry)), ...chainFilters.slice(at)];
        managers++;
      }
    }
  }
  if (managers === 0) {
    throw new CliError("E_ENVOY_CONFIG", `--envoy-config "${file}" has no HTTP connection manager (typed_config "@type": ${HCM_TYPE}) in static_resources.listeners to insert the filters into`);
  }
  return copy;
}

/** Adds `rules` to the bootstrap's `stats_config.stats_tags`, keeping the user's own rule for a tag name they already extract. */
export function addStatsTags(bootstrap: Json, rules: readonly { tag_name: string; regex: string }[]): void {
  if (rules.length === 0) return;
  const statsConfig = isObject(bootstrap.stats_config) ? bootstrap.stats_config : {};
  const tags = asArray(statsConfig.stats_tags).filter(isObject);
  const taken = new Set(tags.map((tag) => tag.tag_name));
  statsConfig.stats_tags = [...tags, ...rules.filter((rule) => !taken.has(rule.tag_name))];
  bootstrap.stats_config = statsConfig;
}

/** The static listeners' names and socket addresses (for the port check and the startup announcement). */
export function listenerAddresses(bootstrap: Json): ListenerAddress[] {
  return staticListeners(bootstrap).flatMap((listener) => {
    const socket = isObject(listener.address) && isObject(listener.address.socket_address) ? listener.address.socket_address : null;
    if (!socket) return [];
    return [{ name: String(listener.name ?? ""), address: String(socket.address ?? "0.0.0.0"), port: Number(socket.port_value ?? 0) }];
  });
}

function staticListeners(bootstrap: Json): Json[] {
  const resources = isObject(bootstrap.static_resources) ? bootstrap.static_resources : {};
  return asArray(resources.listeners).filter(isObject);
}

function isRouter(filter: Json): boolean {
  return (isObject(filter.typed_config) && filter.typed_config["@type"] === ROUTER_TYPE) || filter.name === "envoy.filters.http.router";
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
