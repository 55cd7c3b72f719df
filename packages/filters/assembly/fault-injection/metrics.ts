// What the filter did, as Envoy stats (`wasmcustom.<name>`; Prometheus
// `envoy_wasmcustom_<name>`). Envoy keeps one stat per name for the whole
// process, so every worker's VM adds to the same counters and gauge.

import { Counter, Gauge } from "@envoyscript/sdk/assembly";

export const DELAYS_INJECTED = "fault_injection_delays_injected_total";
export const ABORTS_INJECTED = "fault_injection_aborts_injected_total";
export const OVERFLOW = "fault_injection_overflow_total";
export const ACTIVE = "fault_injection_active";

export class FaultMetrics {
  /** Requests held by a delay (counted when the delay starts). */
  readonly delaysInjected: Counter = new Counter(DELAYS_INJECTED);
  /** Requests answered with an abort. */
  readonly abortsInjected: Counter = new Counter(ABORTS_INJECTED);
  /** Requests selected for a fault that passed untouched because maxActiveFaults was reached. */
  readonly overflow: Counter = new Counter(OVERFLOW);
  /** Faults in progress now (requests holding an active-fault slot). */
  readonly active: Gauge = new Gauge(ACTIVE);

  /** Defines every metric, so all four show in Envoy's stats from the start (at 0). */
  define(): void {
    this.delaysInjected.metricId();
    this.abortsInjected.metricId();
    this.overflow.metricId();
    this.active.metricId();
  }
}
