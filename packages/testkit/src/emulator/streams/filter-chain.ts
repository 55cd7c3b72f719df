/**
 * The high-level way to drive filters: send a request through a chain of
 * plugins (possibly from different VMs, in order, like Envoy's filter chain)
 * and get back what the client and the upstream saw.
 */
import type { ExchangeResult, HttpRequestInput, StreamOptions } from "../core/stream-types.ts";
import type { StreamEnvironment } from "./environment.ts";
import { exchange, type ExchangeOptions, startExchange } from "./exchange.ts";
import type { RequestInFlight } from "./http-stream.ts";
import { type Plugin, pluginHandle } from "./plugin.ts";
import type { PluginHandle } from "./plugin-handle.ts";

export class FilterChain {
  private readonly handles: readonly PluginHandle[];

  constructor(
    private readonly env: StreamEnvironment,
    readonly plugins: readonly Plugin[],
  ) {
    this.handles = plugins.map(pluginHandle);
  }

  /** Sends one request through the chain; resolves when the client has the whole response (or a reset). */
  request(input: HttpRequestInput = {}, options: ExchangeOptions = {}): Promise<ExchangeResult> {
    return exchange(this.env, this.handles, input, options);
  }

  /** Starts a stream without waiting: for tests that drive time themselves (`host.clock.advance`). */
  startRequest(input: HttpRequestInput = {}, options: StreamOptions = {}): RequestInFlight {
    return startExchange(this.env, this.handles, input, options);
  }
}
