/**
 * The emulated Envoy, and the emulator's composition root: it owns what
 * Envoy shares between plugins and VMs (the clock and event loop, shared
 * data and queues, metrics, logs, properties, callout targets, foreign
 * functions), and wires each new VM: the VM runtime, the hostcalls built
 * from its memory, its contexts and these services, and the VM's own
 * context. No other file of the emulator imports this one (a test holds it
 * to that), so every other import points down.
 */
import type { LogLevelName } from "./abi/enums.ts";
import type { PropertyNode } from "./abi/property-values.ts";
import { type ClockOptions, VirtualClock } from "./core/clock.ts";
import { Dispatcher } from "./core/dispatcher.ts";
import { StreamStalledError } from "./core/errors.ts";
import { buildHostImports } from "./hostcalls/index.ts";
import type { ForeignFunction } from "./hostcalls/ports.ts";
import { GrpcCallouts, type GrpcTarget } from "./services/grpc-callouts.ts";
import { GrpcForwarder } from "./services/grpc-forward.ts";
import { type CalloutTarget, HttpCallouts } from "./services/http-callouts.ts";
import { LogSink } from "./services/log-sink.ts";
import { MetricStore } from "./services/metric-store.ts";
import { type NodeInfo, PropertyProvider } from "./services/properties.ts";
import { SharedDataStore } from "./services/shared-data-store.ts";
import { SharedQueueStore } from "./services/shared-queue-store.ts";
import type { StreamEnvironment } from "./streams/environment.ts";
import { FilterChain } from "./streams/filter-chain.ts";
import { type Plugin, type PluginOptions, Vm } from "./streams/plugin.ts";
import { RootContext } from "./streams/root-context.ts";
import { type VmOptions, VmRuntime } from "./vm/runtime.ts";

export interface HostOptions {
  clock?: ClockOptions;
  /** What `proxy_get_log_level` answers. Lines below it are still captured. @default "info" */
  logLevel?: LogLevelName;
  /** Per-filter body buffer limit; past it a buffering filter's stream gets 413 (request) or 500 (response). @default 1048576 (Envoy's per-connection default) */
  bufferLimitBytes?: number;
  /** Move virtual time forward while a request waits on timers. @default true */
  autoAdvanceTime?: boolean;
  /** How far auto-advance may move time for one request before giving up with E_STREAM_STALLED. @default 600000 (10 minutes) */
  autoAdvanceLimitMs?: number;
  /** The node Envoy runs as (the `xds.node.id`, `xds.node.cluster`, `xds.node.metadata` properties). */
  node?: NodeInfo;
  /** Property overrides for every context (deep-merged over the defaults). */
  properties?: Record<string, PropertyNode>;
  /** HTTP callout targets by cluster name: a handler, or a real server's base URL. Unknown clusters answer BAD_ARGUMENT. */
  clusters?: Record<string, CalloutTarget>;
  /** gRPC services by cluster name: a handler, or the `host:port` of a real gRPC server to forward to. Unknown clusters answer PARSE_FAILURE, as in Envoy. */
  grpcServices?: Record<string, GrpcTarget>;
  foreignFunctions?: Record<string, ForeignFunction>;
  /** Print every log line as it is captured. @default false */
  echoLogs?: boolean;
}

/** Options to load a module and create one plugin on it in one step. */
export interface LoadPluginOptions extends VmOptions, PluginOptions {}

export class Host implements StreamEnvironment {
  readonly clock: VirtualClock;
  readonly dispatcher = new Dispatcher();
  readonly logs = new LogSink();
  readonly metrics = new MetricStore();
  readonly sharedData = new SharedDataStore();
  readonly sharedQueues = new SharedQueueStore();
  readonly callouts: HttpCallouts;
  readonly grpc: GrpcCallouts;
  readonly foreignFunctions = new Map<string, ForeignFunction>();
  readonly properties: PropertyProvider;
  /** The VMs `loadVm` loaded (a VM that FAIL_RELOAD made in place of a failed one is its plugins' `vm`). */
  readonly vms: Vm[] = [];
  logLevel: LogLevelName;
  bufferLimitBytes: number;
  autoAdvanceTime: boolean;
  autoAdvanceLimitMs: number;

  constructor(options: HostOptions = {}) {
    this.clock = new VirtualClock(options.clock);
    this.clock.runTask = (task) => this.dispatcher.run(task);
    this.callouts = new HttpCallouts(this.clock, this.dispatcher);
    this.grpc = new GrpcCallouts(this.clock, this.dispatcher);
    this.logLevel = options.logLevel ?? "info";
    this.bufferLimitBytes = options.bufferLimitBytes ?? 1024 * 1024;
    this.autoAdvanceTime = options.autoAdvanceTime ?? true;
    this.autoAdvanceLimitMs = options.autoAdvanceLimitMs ?? 600_000;
    this.properties = new PropertyProvider(options.node ?? {}, options.properties ?? {});
    this.logs.echo = options.echoLogs ?? false;
    for (const [name, target] of Object.entries(options.clusters ?? {})) this.registerCluster(name, target);
    for (const [name, handler] of Object.entries(options.grpcServices ?? {})) this.registerGrpcService(name, handler);
    for (const [name, fn] of Object.entries(options.foreignFunctions ?? {})) this.registerForeignFunction(name, fn);
  }

  /** Loads a module into a new VM (and runs `_initialize`/`_start`). */
  async loadVm(options: VmOptions): Promise<Vm> {
    const runtime = await VmRuntime.load(options, {
      logs: this.logs,
      imports: (vm) =>
        buildHostImports({
          memory: vm.memory,
          vm,
          clock: this.clock,
          logLevel: () => this.logLevel,
          metrics: this.metrics,
          sharedData: this.sharedData,
          queues: this.sharedQueues,
          callouts: this.callouts.session(),
          grpc: this.grpc.session(),
          properties: this.properties,
          foreignFunctions: this.foreignFunctions,
        }),
      vmContext: (vm) => new RootContext(vm, this, null),
    });
    const vm = new Vm(runtime, this);
    this.vms.push(vm);
    return vm;
  }

  /** Loads a module into a new VM and creates one configured plugin on it. */
  async loadPlugin(options: LoadPluginOptions): Promise<Plugin> {
    const vm = await this.loadVm(options);
    return vm.configurePlugin(options);
  }

  /** A filter chain: requests visit the plugins in order, responses in reverse. */
  chain(plugins: readonly Plugin[]): FilterChain {
    return new FilterChain(this, plugins);
  }

  registerCluster(name: string, target: CalloutTarget): void {
    this.callouts.targets.set(name, target);
  }

  registerGrpcService(cluster: string, target: GrpcTarget): void {
    this.grpc.register(cluster, typeof target === "string" ? new GrpcForwarder(target, this.dispatcher) : target);
  }

  registerForeignFunction(name: string, fn: ForeignFunction): void {
    this.foreignFunctions.set(name, fn);
  }

  /** Closes what the host holds open: connections to real gRPC servers. */
  close(): void {
    this.grpc.close();
  }

  /**
   * Lets in-flight async work settle and fires timers (moving virtual time)
   * until `done()`; throws E_STREAM_STALLED when nothing is left that could
   * make progress, or the auto-advance limit is reached.
   */
  async runUntil(done: () => boolean, what: string): Promise<void> {
    const deadline = this.clock.elapsedMs() + this.autoAdvanceLimitMs;
    while (!done()) {
      await this.dispatcher.settled();
      if (done()) return;
      const next = this.clock.nextDue();
      if (next === undefined || next > deadline) throw new StreamStalledError(what);
      this.clock.fireNext();
    }
  }
}
