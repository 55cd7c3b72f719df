import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { WasmFilter } from "@envoyscript/testkit";

/** The package that ships the telemetry filter, and its module's name there. */
const FILTERS_PACKAGE = "@envoyscript/filters";
const TELEMETRY_MODULE = /^telemetry(?:\.debug)?\.wasm$/;

/** One `stats_config.stats_tags` rule. */
export interface StatsTagRule {
  readonly tag_name: string;
  readonly regex: string;
}

/**
 * The `stats_config.stats_tags` rules that turn the telemetry filter's
 * labels (encoded in its metric names) into Prometheus labels, for every
 * telemetry filter among `filters`, from its configuration.
 *
 * The rules come from `telemetryStatsTags` of the very package the module was
 * loaded from (found by walking up from the module to its package.json), so
 * the label set always matches the module's version; the CLI does not depend
 * on @envoyscript/filters (whose build runs this CLI).
 */
export async function telemetryStatsTagsOf(filters: readonly WasmFilter[]): Promise<StatsTagRule[]> {
  const rules = new Map<string, StatsTagRule>();
  for (const filter of filters) {
    if (!TELEMETRY_MODULE.test(path.basename(filter.module))) continue;
    const entry = filtersPackageEntry(filter.module);
    if (entry === null) continue;
    const { telemetryStatsTags } = (await import(pathToFileURL(entry).href)) as { telemetryStatsTags(config: object): StatsTagRule[] };
    const configuration = configurationObject(filter);
    // A configuration the rules cannot be made from is one the filter refuses: let it say why.
    if (configuration === null) continue;
    let tags: StatsTagRule[];
    try {
      tags = telemetryStatsTags(configuration);
    } catch {
      continue;
    }
    for (const rule of tags) rules.set(rule.tag_name, rule);
  }
  return [...rules.values()];
}

/** The compiled entry of the @envoyscript/filters package holding `module`, or null when the module is not from it. */
function filtersPackageEntry(module: string): string | null {
  for (let dir = path.dirname(path.resolve(module)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; exports?: { ".": { default?: string } } };
    if (pkg.name !== FILTERS_PACKAGE) return null;
    const entry = pkg.exports?.["."]?.default;
    return entry && existsSync(path.join(dir, entry)) ? path.join(dir, entry) : null;
  }
  return null;
}

/** The filter's configuration as an object (the telemetry filter takes JSON; empty means defaults), or null when it is not JSON. */
function configurationObject(filter: WasmFilter): object | null {
  const configuration = filter.configuration ?? "";
  if (typeof configuration === "object") return configuration;
  if (configuration.trim() === "") return {};
  try {
    return JSON.parse(configuration) as object;
  } catch {
    return null;
  }
}
