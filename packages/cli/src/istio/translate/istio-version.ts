import { CliError } from "../../errors.ts";
import { TRANSLATED_WASMPLUGIN_SUFFIX, type ExtensionKind } from "../extension-resources.ts";

/**
 * Where Istio's translation of a WasmPlugin changed between releases (read
 * from istio/istio's pilot/pkg/model/extensions.go and
 * pilot/pkg/config/kube/extensions/translate.go at each release tag):
 *
 * - before 1.25: `fail_open: true` for FAIL_OPEN, nothing otherwise;
 * - 1.25 and 1.26: `failure_policy` FAIL_OPEN / FAIL_CLOSED, FAIL_RELOAD not passed on;
 * - from 1.27: `failure_policy` FAIL_RELOAD too;
 * - from 1.30: TrafficExtension exists, and a WasmPlugin becomes a synthetic
 *   TrafficExtension named `<name>~istio-translated-wasmplugin`, so the ECDS
 *   resource (the filter's name) is
 *   `extensions.istio.io/trafficextension/<ns>.<name>~istio-translated-wasmplugin`
 *   and the plugin's `config.name` is `<ns>.<name>~istio-translated-wasmplugin`;
 *   before, they were `extensions.istio.io/wasmplugin/<ns>.<name>` and `<ns>.<name>`.
 */
export interface IstioVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The oldest release whose translation is emulated here. */
export const OLDEST_EMULATED_ISTIO = "1.22";

export function parseIstioVersion(text: string): IstioVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) throw new CliError("E_ISTIO_VERSION", `"${text}" is not an Istio version: write it as 1.32 or 1.32.0`, 2);
  const version = { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
  if (version.major !== 1 || version.minor < 22) {
    throw new CliError("E_ISTIO_VERSION", `Istio ${text} is not emulated: the translation is known from ${OLDEST_EMULATED_ISTIO} on`, 2);
  }
  return version;
}

export function atLeast(version: IstioVersion, minor: number): boolean {
  return version.major > 1 || version.minor >= minor;
}

/** Whether this release serves TrafficExtension and translates WasmPlugins into it. */
export function hasTrafficExtension(version: IstioVersion): boolean {
  return atLeast(version, 30);
}

/** The names Istio gives a resource's filter (the ECDS resource) and its plugin config. */
export function extensionNames(kind: ExtensionKind, namespace: string, name: string, version: IstioVersion): { filterName: string; configName: string } {
  if (kind === "TrafficExtension") {
    return { filterName: `extensions.istio.io/trafficextension/${namespace}.${name}`, configName: `${namespace}.${name}` };
  }
  if (hasTrafficExtension(version)) return extensionNames("TrafficExtension", namespace, `${name}${TRANSLATED_WASMPLUGIN_SUFFIX}`, version);
  return { filterName: `extensions.istio.io/wasmplugin/${namespace}.${name}`, configName: `${namespace}.${name}` };
}

export type FailureFields = { failure_policy: "FAIL_OPEN" | "FAIL_CLOSED" | "FAIL_RELOAD" } | { fail_open: true } | Record<string, never>;

/** The PluginConfig field(s) a failStrategy becomes (an unset failStrategy is FAIL_CLOSE, the enum's zero). */
export function failureFields(failStrategy: string | undefined, version: IstioVersion): FailureFields {
  const strategy = failStrategy ?? "FAIL_CLOSE";
  if (!atLeast(version, 25)) return strategy === "FAIL_OPEN" ? { fail_open: true } : {};
  if (strategy === "FAIL_OPEN") return { failure_policy: "FAIL_OPEN" };
  if (strategy === "FAIL_RELOAD") return atLeast(version, 27) ? { failure_policy: "FAIL_RELOAD" } : {};
  return { failure_policy: "FAIL_CLOSED" };
}
