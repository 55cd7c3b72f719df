import type { FilterTrap } from "../debug/filter-trap.ts";
import type { NativeFilter, WasmFilter } from "../envoy/bootstrap.ts";
import type { EchoedRequest } from "../upstream/echo-server.ts";

/** A request a scenario sends. */
export interface ScenarioRequest {
  /** @default "GET" */
  readonly method?: string;
  /** Path with query. @default "/" */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What a client and the upstream observed for one request. */
export interface ScenarioResponse {
  readonly status: number;
  /** Response headers, lower-cased keys. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** What the upstream received, or null when the filter answered locally. */
  readonly upstream: EchoedRequest | null;
  /** The proxy reset the stream (`proxy_close_stream`, or a reply cut short): the client got no whole response, `status` is 0. */
  readonly reset: boolean;
  /**
   * The filter trapped or aborted while handling this request: the callback,
   * the reason, each frame's AssemblyScript function and `file.ts:line` (from
   * a debug build's name section and source map) and the request.
   * `trap.describe()` prints it; the matchers add it to their failure messages.
   */
  readonly trap: FilterTrap | null;
}

/** What a client saw of a TCP conversation through the network filter. */
export interface TcpConversation {
  /** Every byte that came back (the echo upstream's answer, as the filter let it through). */
  readonly reply: string;
  /** The proxy closed the connection before the client was done. */
  readonly closedByProxy: boolean;
}

/** An answer of an upstream or HTTP-callout server. */
export interface UpstreamReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Serves an upstream cluster or an HTTP-callout cluster in a scenario. */
export type ClusterHandler = (request: EchoedRequest) => UpstreamReply | Promise<UpstreamReply>;

/**
 * What runs in a scenario: a chain of wasm filters in front of upstream
 * clusters. The same setup runs on the emulator and on real Envoy.
 */
export interface FilterSetup {
  /** Wasm filters in chain order. */
  readonly filters: readonly WasmFilter[];
  /**
   * Upstream clusters by name; the first is the default route's. A cluster
   * without a handler is the echo server. @default {echo: echo}
   */
  readonly upstreams?: Readonly<Record<string, ClusterHandler | "echo">>;
  /** Request header naming the cluster to route to (Envoy's `cluster_header`). */
  readonly clusterHeader?: string;
  /** Clusters the filters call out to (`proxy_http_call`), served by these handlers. */
  readonly calloutClusters?: Readonly<Record<string, ClusterHandler>>;
  /** Envoy's per-connection buffer limit, bounding buffered bodies (413 past it). */
  readonly bufferLimitBytes?: number;
  /**
   * Native Envoy filters placed before the wasm filters. Real Envoy only: the
   * emulator backend refuses a setup that has any (E_EMULATOR_UNSUPPORTED).
   */
  readonly nativeFiltersBefore?: readonly NativeFilter[];
  /**
   * Real gRPC servers the filters call (`proxy_grpc_call`, `proxy_grpc_stream`),
   * by cluster name: `host:port` of a plaintext HTTP/2 server on loopback. Envoy
   * gets a cluster with HTTP/2 for each; the emulator forwards to it.
   */
  readonly grpcServers?: Readonly<Record<string, string>>;
  /**
   * A wasm network filter on a TCP listener of its own, in front of a TCP echo
   * upstream (Envoy's `tcp_proxy`): drive it with `tcpConversation`.
   */
  readonly networkFilter?: WasmFilter;
  /** Node metadata (the `node.metadata` property). */
  readonly nodeMetadata?: Record<string, unknown>;
}

/** A started setup on one backend. */
export interface ScenarioTarget {
  readonly backend: BackendName;
  request(request?: ScenarioRequest): Promise<ScenarioResponse>;
  /** Messages the filters logged through `proxy_log`, in order. */
  wasmLogs(): Promise<string[]>;
  /** Values of the metrics the filters defined, by name (counters and gauges). */
  metrics(): Promise<Map<string, number>>;
  /**
   * A TCP connection through the setup's network filter to the echo upstream:
   * sends each chunk once the echo of the previous one came back, then closes
   * its side and waits for the connection to end. E_NO_NETWORK_FILTER without one.
   */
  tcpConversation(chunks: readonly string[]): Promise<TcpConversation>;
  /**
   * Lets `ms` milliseconds of the proxy's time pass before the next request
   * (a backoff, a cache lifetime): the emulator moves its virtual clock at
   * once, firing the timers that fall due; real Envoy is waited for.
   */
  passTime(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export type BackendName = "emulator" | "envoy";

/** A way to run a setup. */
export interface Backend {
  readonly name: BackendName;
  start(setup: FilterSetup): Promise<ScenarioTarget>;
}
