/**
 * From the floor rows of one run: what Envoy charges per Wasm filter, per
 * callback and per hostcall kind (unit costs), and for every Wasm row the
 * explained floor, its callbacks and hostcalls per request (counted in the
 * emulator) times those unit costs; the rest of its added time is the SDK's,
 * the language runtime's and the filter's own work.
 */
import type { CallCounts } from "./call-counts.ts";
import { CALLBACKS_ID, HEADER_MAP_INDEX_KIND, NO_CALLBACKS_ID, PER_REQUEST_CALLBACKS, PLAIN_HOSTCALL_KIND, type FloorModule } from "./modules.ts";

/** Added cost of one configuration over no filter, on both bases. */
export interface AddedCost {
  /** 1/rps − 1/rps(no filter), µs. */
  readonly us: number;
  /** Envoy CPU µs per request − no filter's; null when not read. */
  readonly cpuUs: number | null;
}

export interface UnitCost {
  /** `wasm-filter`, `callback`, or a hostcall kind (`header-get`). */
  readonly kind: string;
  readonly what: string;
  /** The floor configuration it comes from. */
  readonly from: string;
  /** µs per unit, from throughput (1/rps). */
  readonly us: number;
  /** µs per unit, from Envoy's CPU time per request. */
  readonly cpuUs: number | null;
  /** Counted hostcall names this kind prices. */
  readonly prices: readonly string[];
}

export const WASM_FILTER_KIND = "wasm-filter";
export const CALLBACK_KIND = "callback";

/** One line of an explained floor: a count per request times a unit cost. */
export interface FloorTerm {
  readonly kind: string;
  readonly count: number;
  readonly us: number;
  readonly cpuUs: number | null;
  /** Hostcalls that no floor module measures, priced as the plain hostcall. */
  readonly pricedAsPlain?: readonly string[];
}

export interface ExplainedFloor {
  readonly id: string;
  readonly callbacks: number;
  readonly hostcalls: number;
  /** Host calls into the module's allocator (inside hostcalls): priced within them. */
  readonly allocations: number;
  readonly terms: readonly FloorTerm[];
  readonly explainedUs: number;
  readonly explainedCpuUs: number | null;
  readonly measuredUs: number;
  readonly measuredCpuUs: number | null;
  /** measured − explained: the SDK's, the runtime's and the filter's own work. */
  readonly remainderUs: number;
  readonly remainderCpuUs: number | null;
  /** Requests per second of a module that paid only the explained floor. */
  readonly floorRps: number;
}

/** Unit costs from the floor rows; an empty list when the two base rows were not measured. */
export function unitCosts(modules: readonly FloorModule[], added: (id: string) => AddedCost | undefined): UnitCost[] {
  const none = added(NO_CALLBACKS_ID);
  const noOps = added(CALLBACKS_ID);
  if (!none || !noOps) return [];
  const units: UnitCost[] = [
    { kind: WASM_FILTER_KIND, what: "a Wasm filter in the chain that exports no callbacks", from: NO_CALLBACKS_ID, us: none.us, cpuUs: none.cpuUs, prices: [] },
    {
      kind: CALLBACK_KIND,
      what: `a callback (the ${PER_REQUEST_CALLBACKS.length} per-request callbacks as no-ops, averaged)`,
      from: CALLBACKS_ID,
      us: (noOps.us - none.us) / PER_REQUEST_CALLBACKS.length,
      cpuUs: difference(noOps.cpuUs, none.cpuUs, PER_REQUEST_CALLBACKS.length),
      prices: [],
    },
  ];
  for (const module of modules) {
    const measured = added(module.id);
    const base = module.unit && added(module.unit.base);
    if (!module.unit || !measured || !base) continue;
    const { kind, what, prices, repeat } = module.unit;
    units.push({ kind, what, from: module.id, us: (measured.us - base.us) / repeat, cpuUs: difference(measured.cpuUs, base.cpuUs, repeat), prices });
  }
  // A module that also makes one call of another unit: that call's price out.
  return units.flatMap((unit) => {
    const less = modules.find((module) => module.id === unit.from)?.unit?.less;
    if (less === undefined) return [unit];
    const other = units.find((candidate) => candidate.kind === less);
    if (!other) return [];
    return [{ ...unit, us: unit.us - other.us, cpuUs: unit.cpuUs === null || other.cpuUs === null ? null : unit.cpuUs - other.cpuUs }];
  });
}

/** The explained floor of a Wasm row from its counts; null when a base unit is missing. */
export function explainFloor(counts: CallCounts, units: readonly UnitCost[], measured: AddedCost, baselineRps: number): ExplainedFloor | null {
  const byKind = new Map(units.map((unit) => [unit.kind, unit]));
  const filter = byKind.get(WASM_FILTER_KIND);
  const callback = byKind.get(CALLBACK_KIND);
  const plain = byKind.get(PLAIN_HOSTCALL_KIND);
  if (counts.status !== "counted" || !filter || !callback || !plain) return null;
  const callbacks = sum(Object.values(counts.callbacks ?? {}));
  const terms: FloorTerm[] = [term(filter, 1), term(callback, callbacks)];
  const index = byKind.get(HEADER_MAP_INDEX_KIND);
  if (index && counts.headerMapIndexes) terms.push(term(index, counts.headerMapIndexes));
  const perKind = new Map<UnitCost, { count: number; unmeasured: string[] }>();
  for (const [name, count] of Object.entries(counts.hostcalls ?? {})) {
    const unit = units.find((candidate) => candidate.prices.includes(name));
    const entry = perKind.get(unit ?? plain) ?? { count: 0, unmeasured: [] };
    entry.count += count;
    if (!unit) entry.unmeasured.push(name);
    perKind.set(unit ?? plain, entry);
  }
  for (const [unit, { count, unmeasured }] of perKind) terms.push({ ...term(unit, count), ...(unmeasured.length > 0 ? { pricedAsPlain: unmeasured } : {}) });
  const explainedUs = sum(terms.map((entry) => entry.us));
  const cpuTerms = terms.map((entry) => entry.cpuUs);
  const explainedCpuUs = cpuTerms.every((value) => value !== null) ? sum(cpuTerms as number[]) : null;
  return {
    id: counts.id,
    callbacks,
    hostcalls: sum(Object.values(counts.hostcalls ?? {})),
    allocations: counts.allocations ?? 0,
    terms,
    explainedUs,
    explainedCpuUs,
    measuredUs: measured.us,
    measuredCpuUs: measured.cpuUs,
    remainderUs: measured.us - explainedUs,
    remainderCpuUs: explainedCpuUs !== null && measured.cpuUs !== null ? measured.cpuUs - explainedCpuUs : null,
    floorRps: 1e6 / (1e6 / baselineRps + explainedUs),
  };
}

function term(unit: UnitCost, count: number): FloorTerm {
  return { kind: unit.kind, count, us: count * unit.us, cpuUs: unit.cpuUs === null ? null : count * unit.cpuUs };
}

function difference(a: number | null, b: number | null, divisor: number): number | null {
  return a === null || b === null ? null : (a - b) / divisor;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
