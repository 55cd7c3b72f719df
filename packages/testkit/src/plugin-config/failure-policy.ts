/**
 * What becomes of a plugin's traffic once its VM failed (trapped), as both
 * backends take it: Envoy's PluginConfig `failure_policy` and
 * `reload_config` (Istio's `failStrategy`). The emulator acts on it
 * (emulator/streams/plugin-handle.ts); the real-Envoy harness writes it into
 * the PluginConfig (envoy/bootstrap.ts). Both check it here, so a setup is
 * refused the same way on either.
 */

/**
 * - `"closed"`: Envoy's FAIL_CLOSED (its default; Istio's FAIL_CLOSE): every
 *   later request gets 503, every later connection is closed.
 * - `"open"`: FAIL_OPEN: later requests and connections pass unfiltered.
 * - `"reload"`: FAIL_RELOAD: requests get 503 until the reload backoff,
 *   counted from the VM's last (re)load, has passed; then the next request
 *   gets a new VM (a fresh instance of the module, started and configured
 *   again). A VM that ran longer than the backoff is replaced at the first
 *   request after its trap.
 */
export type FailurePolicy = "closed" | "open" | "reload";

export const FAILURE_POLICIES: readonly FailurePolicy[] = ["closed", "open", "reload"];

/** Envoy's `reload_config.backoff.base_interval` when none is set. */
export const DEFAULT_RELOAD_BACKOFF_MS = 1000;

/**
 * Envoy draws each reload interval in [base, 1.5 × base) as
 * `base + random % (base / 2)`, asserting a base above 1 ms: 1 ms would
 * divide by zero.
 */
const MIN_RELOAD_BACKOFF_MS = 2;

/** A plugin's failure settings as a setup gives them. */
export interface FailureOptions {
  /** What later requests get once the VM trapped. @default "closed" */
  readonly failurePolicy?: FailurePolicy;
  /**
   * FAIL_RELOAD's backoff base in milliseconds (Envoy's
   * `reload_config.backoff.base_interval`): a new VM is made only once
   * [base, 1.5 × base) has passed since the last (re)load. Only with
   * `failurePolicy: "reload"`. @default 1000
   */
  readonly reloadBackoffMs?: number;
}

/** A plugin's failure settings, checked, with their defaults. */
export interface FailureSettings {
  readonly failurePolicy: FailurePolicy;
  readonly reloadBackoffMs: number;
}

/**
 * Checks a plugin's failure settings and fills in the defaults; a RangeError
 * names the option, quotes the value and says what is accepted.
 * `plugin` names the plugin in the message.
 */
export function failureSettings(options: FailureOptions, plugin: string): FailureSettings {
  const failurePolicy = options.failurePolicy ?? "closed";
  if (!FAILURE_POLICIES.includes(failurePolicy)) {
    throw new RangeError(`plugin "${plugin}": failurePolicy ${JSON.stringify(failurePolicy)} is not one of ${FAILURE_POLICIES.map((p) => `"${p}"`).join(", ")}`);
  }
  const backoff = options.reloadBackoffMs;
  if (backoff === undefined) return { failurePolicy, reloadBackoffMs: DEFAULT_RELOAD_BACKOFF_MS };
  if (failurePolicy !== "reload") {
    throw new RangeError(`plugin "${plugin}": reloadBackoffMs (${backoff}) applies to failurePolicy "reload" only, and this one is "${failurePolicy}": drop it, or set failurePolicy: "reload"`);
  }
  if (!Number.isInteger(backoff) || backoff < MIN_RELOAD_BACKOFF_MS) {
    throw new RangeError(`plugin "${plugin}": reloadBackoffMs must be a whole number of milliseconds of at least ${MIN_RELOAD_BACKOFF_MS} (Envoy's reload_config.backoff.base_interval), got ${JSON.stringify(backoff)}`);
  }
  return { failurePolicy, reloadBackoffMs: backoff };
}
