/**
 * A plugin's handle on the worker, as Envoy's PluginConfig keeps it: the
 * root context new streams and connections are created under, and the
 * FAIL_RELOAD logic that replaces it once its VM trapped
 * (`PluginConfig::maybeReloadHandleIfNeeded` in Envoy 1.40):
 *
 * - it is checked when a stream or connection starts, not when the VM traps;
 * - the backoff counts from the handle's last (re)load, not from the trap:
 *   a VM that served longer than the backoff is replaced by the first
 *   stream after its trap, one that trapped soon after loading leaves
 *   streams failing (503) until the backoff has passed;
 * - each check draws the interval anew in [base, 1.5 × base) (Envoy's
 *   JitteredLowerBoundBackOffStrategy);
 * - a reload whose new VM fails to start or configure keeps the failed VM
 *   (streams go on failing closed) until the next attempt, a backoff later.
 */
import type { StreamEnvironment } from "./environment.ts";
import type { RootContext } from "./root-context.ts";

/** One reload interval: Envoy's `base + random % (base / 2)`. */
function reloadIntervalMs(baseMs: number): number {
  return baseMs + Math.floor(Math.random() * Math.floor(baseMs / 2));
}

export class PluginHandle {
  #root: RootContext;
  /** Virtual time of the last (re)load attempt. */
  #loadedAtMs: number;

  constructor(
    root: RootContext,
    private readonly env: StreamEnvironment,
    /** Starts and configures the plugin on a live VM of its module; throws when that fails. */
    private readonly reload: () => RootContext,
  ) {
    this.#root = root;
    this.#loadedAtMs = env.clock.elapsedMs();
  }

  /** The root context the plugin runs under now. */
  get root(): RootContext {
    return this.#root;
  }

  /** The root context a new stream or connection is created under, after a reload when one is due. */
  forNewStream(): RootContext {
    const root = this.#root;
    if (!root.vm.failed || root.plugin!.failurePolicy !== "reload") return root;
    const now = this.env.clock.elapsedMs();
    if (now - this.#loadedAtMs < reloadIntervalMs(root.plugin!.reloadBackoffMs)) return root;
    this.#loadedAtMs = now;
    this.env.dispatcher.run(() => {
      try {
        this.#root = this.reload();
      } catch (error) {
        root.hostLog("error", `Plugin "${root.name}" failed to reload after its VM failed, keeping the failed VM until the next attempt: ${(error as Error).message}`);
      }
    });
    return this.#root;
  }
}
