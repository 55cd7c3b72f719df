/**
 * One request through a chain of root contexts (plugins), in order like
 * Envoy's filter chain: sent at once, then, unless the test drives time
 * itself, waited for while virtual time moves on.
 */
import type { ExchangeResult, HttpRequestInput, StreamOptions } from "../core/stream-types.ts";
import type { StreamEnvironment } from "./environment.ts";
import { HttpStream, type RequestInFlight } from "./http-stream.ts";
import type { PluginHandle } from "./plugin-handle.ts";
import type { RootContext } from "./root-context.ts";

export interface ExchangeOptions extends StreamOptions {
  /**
   * While the stream waits on timers (a filter paused it until a tick or a
   * callout timeout), move virtual time forward instead of waiting for the
   * test to call `clock.advance`.
   * @default the host's `autoAdvanceTime` (true)
   */
  autoAdvanceTime?: boolean;
}

/** Sends one request; resolves when the client has the whole response (or a reset). */
export function exchange(env: StreamEnvironment, chain: readonly PluginHandle[], input: HttpRequestInput, options: ExchangeOptions): Promise<ExchangeResult> {
  const stream = new HttpStream(env, rootsForNewStream(chain), options);
  env.dispatcher.run(() => stream.start(input));
  if (stream.completed || !(options.autoAdvanceTime ?? env.autoAdvanceTime)) return stream.finished;
  return env.runUntil(() => stream.completed, `the request ${input.method ?? "GET"} ${input.path ?? "/"}`).then(() => stream.finished);
}

/** Starts a request without waiting for it. */
export function startExchange(env: StreamEnvironment, chain: readonly PluginHandle[], input: HttpRequestInput, options: StreamOptions): RequestInFlight {
  const stream = new HttpStream(env, rootsForNewStream(chain), options);
  env.dispatcher.run(() => stream.start(input));
  return stream;
}

/** The root context of each plugin a new stream's filter contexts are created under (where FAIL_RELOAD replaces a failed VM). */
function rootsForNewStream(chain: readonly PluginHandle[]): RootContext[] {
  return chain.map((handle) => handle.forNewStream());
}
