// The plugin context: one per plugin (root id) per VM, alive as long as the
// plugin. It reads the configuration, owns timers and queues, and creates the
// per-request (HTTP) or per-connection (TCP) contexts.

import { Context } from "./context";
import { HttpContext } from "./http-context";
import { TcpContext } from "./tcp-context";

/** A plugin. Extend it, override what you need, register a factory with `registerRootContext`. */
export class RootContext extends Context {
  constructor(contextId: u32, public readonly rootId: string) {
    super(contextId);
  }

  /** The VM started (`proxy_on_vm_start`); read `getVmConfiguration()`. Return false to fail the VM. */
  onVmStart(vmConfigurationSize: u32): bool {
    return true;
  }

  /**
   * The plugin (re)configured (`proxy_on_configure`); read
   * `getPluginConfiguration()`. Return false to refuse the configuration.
   */
  onConfigure(pluginConfigurationSize: u32): bool {
    return true;
  }

  /** The timer set with `setTickPeriodMilliseconds` fired (`proxy_on_tick`). */
  onTick(): void {}

  /** A shared queue this plugin registered has data (`proxy_on_queue_ready`). */
  onQueueReady(queueId: u32): void {}

  /**
   * The host called a foreign function into this plugin
   * (`proxy_on_foreign_function`); arguments are in the CallData buffer.
   */
  onForeignFunction(functionId: u32, argumentsSize: u32): void {}

  /**
   * A new HTTP stream (`proxy_on_context_create` under this root): return its
   * context, or null if this plugin is not an HTTP filter.
   */
  newHttpContext(contextId: u32): HttpContext | null {
    return null;
  }

  /**
   * A new TCP connection (`proxy_on_context_create` under this root): return
   * its context, or null if this plugin is not a network filter.
   */
  newTcpContext(contextId: u32): TcpContext | null {
    return null;
  }
}
