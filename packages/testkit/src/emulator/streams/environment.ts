/**
 * What contexts and streams need from the emulated Envoy: its clock and
 * event loop, its log, the property service and the stream settings. The
 * composition root (host.ts) provides it; nothing here knows the root.
 */
import type { VirtualClock } from "../core/clock.ts";
import type { Dispatcher } from "../core/dispatcher.ts";
import type { LogSink } from "../services/log-sink.ts";
import type { PropertyProvider } from "../services/properties.ts";

export interface StreamEnvironment {
  readonly clock: VirtualClock;
  readonly dispatcher: Dispatcher;
  readonly logs: LogSink;
  readonly properties: PropertyProvider;
  /** Per-filter body buffer limit (413 / 500 past it). */
  readonly bufferLimitBytes: number;
  /** Move virtual time forward while a request waits on timers. */
  readonly autoAdvanceTime: boolean;
  /**
   * Lets in-flight async work settle and fires timers (moving virtual time)
   * until `done()`; throws E_STREAM_STALLED when nothing is left that could
   * make progress.
   */
  runUntil(done: () => boolean, what: string): Promise<void>;
}
