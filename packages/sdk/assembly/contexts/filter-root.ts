// A plugin with a typed configuration. The SDK reads the plugin
// configuration in onConfigure through the configuration reader, hands it
// to the filter's `readConfig`, and refuses it with one ERROR line,
//
//   <filter>: <path>: <reason> [<CODE>]
//
// when anything was reported. An accepted configuration is one immutable
// object of the filter's type C, handed to every stream created under it:
// requests read `this.config` with its type, no downcast, no null check.

import { RootContext } from "./root-context";
import { HttpContext } from "./http-context";
import { TcpContext } from "./tcp-context";
import { JsonConfig, JsonField } from "../config/reader";
import { getPluginConfiguration } from "../configuration";
import { LogLevel } from "../enums";
import { writeLog } from "../logging";

/**
 * Extend it with your configuration type, implement `readConfig` and
 * `newRequest` (HTTP) or `newConnection` (TCP); register a factory with
 * `registerRootContext`. Do not override `onConfigure`: use `onConfigured`.
 */
export abstract class FilterRoot<C> extends RootContext {
  private current: C | null = null;

  constructor(
    contextId: u32,
    rootId: string,
    /** The filter's name: the first word of its refusal line and, by convention, of its log lines. */
    public readonly filterName: string,
  ) {
    super(contextId, rootId);
  }

  /**
   * Reads the configuration (`root`, the document's top level; `{}` when the
   * plugin has none) into C. Report every problem on the fields (the reader's
   * accessors do it for types, ranges, unknown fields, ...) and return a
   * value anyway: when anything was reported, the SDK refuses the
   * configuration and drops the value. Build here what requests share
   * (matchers, metrics objects, caches), so no request does configure-time
   * work; leave side effects (defining metrics, timers) to `onConfigured`.
   */
  abstract readConfig(root: JsonField): C;

  /** The configuration `config` was accepted: define metrics, start timers, prepare shared data. */
  onConfigured(config: C): void {}

  /** A new HTTP stream under `config` (`proxy_on_context_create`): return its context, or null when not an HTTP filter. */
  newRequest(contextId: u32, config: C): HttpContext | null {
    return null;
  }

  /** A new TCP connection under `config` (`proxy_on_context_create`): return its context, or null when not a network filter. */
  newConnection(contextId: u32, config: C): TcpContext | null {
    return null;
  }

  /** The configuration in effect; null until one was accepted (root callbacks such as onTick). */
  get config(): C | null {
    return this.current;
  }

  /**
   * Reads, checks and installs the plugin configuration (`proxy_on_configure`).
   * A refused configuration is logged at ERROR whatever the host's log level
   * (one line, the filter's own) and the previous one, if any, stays.
   */
  onConfigure(pluginConfigurationSize: u32): bool {
    const document = JsonConfig.parse(getPluginConfiguration());
    // Not JSON at all: nothing to read.
    if (!document.failed) {
      const config = this.readConfig(document.root);
      if (!document.failed) {
        this.current = config;
        this.onConfigured(config);
        return true;
      }
    }
    const error = document.error;
    if (error !== null) writeLog(LogLevel.Error, error.line(this.filterName));
    return false;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    const config = this.current;
    return config === null ? null : this.newRequest(contextId, config);
  }

  newTcpContext(contextId: u32): TcpContext | null {
    const config = this.current;
    return config === null ? null : this.newConnection(contextId, config);
  }
}
