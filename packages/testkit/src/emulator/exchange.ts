/**
 * The high-level way to drive filters: send a request through a chain of
 * plugins (possibly from different VMs, in order, like Envoy's filter chain)
 * and get back what the client and the upstream saw.
 */
import type { Host } from "./host.ts";
import { type ExchangeResult, type HttpRequestInput, HttpStream, type StreamOptions } from "./http-stream.ts";
import type { Plugin } from "./plugin.ts";

export type { ExchangeResult, HttpRequestInput } from "./http-stream.ts";

export interface ExchangeOptions extends StreamOptions {
  /**
   * While the stream waits on timers (a filter paused it until a tick or a
   * callout timeout), move virtual time forward instead of waiting for the
   * test to call `clock.advance`.
   * @default the host's `autoAdvanceTime` (true)
   */
  autoAdvanceTime?: boolean;
}

export class FilterChain {
  constructor(
    readonly host: Host,
    readonly plugins: readonly Plugin[],
  ) {}

  /** Sends one request through the chain; resolves when the client has the whole response (or a reset). */
  async request(input: HttpRequestInput = {}, options: ExchangeOptions = {}): Promise<ExchangeResult> {
    const stream = new HttpStream(this.host, this.plugins, options);
    this.host.dispatcher.run(() => stream.start(input));
    if (!stream.completed && (options.autoAdvanceTime ?? this.host.autoAdvanceTime)) {
      await this.host.runUntil(() => stream.completed, `the request ${input.method ?? "GET"} ${input.path ?? "/"}`);
    }
    return stream.finished;
  }

  /** Starts a stream without waiting: for tests that drive time themselves (`host.clock.advance`). */
  startRequest(input: HttpRequestInput = {}, options: StreamOptions = {}): HttpStream {
    const stream = new HttpStream(this.host, this.plugins, options);
    this.host.dispatcher.run(() => stream.start(input));
    return stream;
  }
}
