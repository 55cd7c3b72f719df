import path from "node:path";
import { type FailureOptions, type FailurePolicy, failureSettings } from "../plugin-config/failure-policy.ts";

/**
 * Builds Envoy bootstrap configurations for tests, the CLI and benchmarks: one
 * HTTP listener on an ephemeral port with a chain of HTTP filters (wasm
 * filters and, where a scenario needs them, Envoy's native ones), routed to
 * upstream clusters, optionally a TCP listener with a wasm network filter in
 * front of `tcp_proxy`, with the admin endpoint on loopback.
 */

/**
 * One proxy-wasm plugin in the filter chain. Its `failurePolicy` (Envoy's
 * `failure_policy`, default "closed") and `reloadBackoffMs` (Envoy's
 * `reload_config.backoff.base_interval`, for "reload") say what follows a
 * trap, on either backend.
 */
export interface WasmFilter extends FailureOptions {
  /** Path of the `.wasm` module. */
  readonly module: string;
  /** The plugin's root id (`proxy_on_context_create` with parent 0 names it). @default "" */
  readonly rootId?: string;
  /** Plugin configuration handed to `proxy_on_configure` as is; objects are serialised as JSON. @default "" */
  readonly configuration?: string | object;
  /** VM configuration handed to `proxy_on_vm_start`. @default "" */
  readonly vmConfiguration?: string;
  /** VM id: plugins with the same VM id and module share one VM. @default the module path */
  readonly vmId?: string;
  /** Environment variables the VM sees through WASI `environ_get`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Filter instance name in Envoy's config. @default "wasm.<rootId>" */
  readonly name?: string;
}

/** A native Envoy HTTP filter as Envoy's config takes it (`{name, typed_config}`). */
export interface NativeFilter {
  readonly name: string;
  readonly typed_config: Record<string, unknown>;
}

export type HttpFilter = { readonly wasm: WasmFilter } | { readonly native: NativeFilter };

/** An upstream cluster served on loopback. */
export interface Upstream {
  readonly name: string;
  readonly port: number;
  readonly host?: string;
  /** Speak HTTP/2 to the upstream (gRPC). @default false */
  readonly http2?: boolean;
}

export interface BootstrapOptions {
  /** HTTP filters in chain order (the router is appended). */
  readonly filters: readonly HttpFilter[];
  /** Network (L4) filters placed before the HTTP connection manager, in order (as Istio places NETWORK Wasm plugins). */
  readonly networkFilters?: readonly NativeFilter[];
  /** Upstream clusters; the first is the default route's cluster. */
  readonly upstreams: readonly Upstream[];
  /**
   * A request header whose value names the cluster to route to (Envoy's
   * `cluster_header`), for filters that steer routing by setting it.
   */
  readonly clusterHeader?: string;
  /** Extra routes before the default ones (Envoy route objects). */
  readonly routes?: readonly Record<string, unknown>[];
  /** Bind address of the listener. @default "127.0.0.1" */
  readonly listenerAddress?: string;
  /** Listener port; 0 picks a free one. @default 0 */
  readonly listenerPort?: number;
  /** Envoy's per-connection buffer limit, which bounds buffered bodies. @default Envoy's (1 MiB) */
  readonly perConnectionBufferLimitBytes?: number;
  /** Extra `stats_config` (e.g. tag extraction rules for labelled filter metrics). */
  readonly statsConfig?: Record<string, unknown>;
  /** Node id and metadata Envoy reports (`node.id`, `node.metadata` properties). */
  readonly node?: { readonly id?: string; readonly cluster?: string; readonly metadata?: Record<string, unknown> };
  /** A TCP listener (named {@link TCP_LISTENER_NAME}, ephemeral port) with a wasm network filter in front of `tcp_proxy` to `upstream`. */
  readonly tcp?: { readonly filter: WasmFilter; readonly upstream: Upstream };
}

export const LISTENER_NAME = "ingress";
export const TCP_LISTENER_NAME = "tcp";

/** Builds the bootstrap as a plain object (JSON is valid YAML, so it can be written as `.yaml`). */
export function buildBootstrap(options: BootstrapOptions): Record<string, unknown> {
  const bootstrap: Record<string, unknown> = {
    node: { id: options.node?.id ?? "envoyscript-test", cluster: options.node?.cluster ?? "envoyscript", metadata: options.node?.metadata ?? {} },
    admin: { address: socketAddress("127.0.0.1", 0) },
    static_resources: {
      listeners: options.tcp ? [listener(options), tcpListener(options.tcp.filter, options.tcp.upstream)] : [listener(options)],
      clusters: [...options.upstreams, ...(options.tcp ? [options.tcp.upstream] : [])].map(cluster),
    },
  };
  if (options.statsConfig) bootstrap.stats_config = options.statsConfig;
  return bootstrap;
}

function listener(options: BootstrapOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {
    name: LISTENER_NAME,
    address: socketAddress(options.listenerAddress ?? "127.0.0.1", options.listenerPort ?? 0),
    filter_chains: [{ filters: [...(options.networkFilters ?? []).map((filter) => ({ ...filter })), httpConnectionManager(options)] }],
  };
  if (options.perConnectionBufferLimitBytes !== undefined) result.per_connection_buffer_limit_bytes = options.perConnectionBufferLimitBytes;
  return result;
}

function httpConnectionManager(options: BootstrapOptions): Record<string, unknown> {
  return {
    name: "envoy.filters.network.http_connection_manager",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: LISTENER_NAME,
      codec_type: "AUTO",
      route_config: { name: "local", virtual_hosts: [{ name: "all", domains: ["*"], routes: routes(options) }] },
      http_filters: [...options.filters.map(httpFilter), routerFilter()],
    },
  };
}

function routes(options: BootstrapOptions): Record<string, unknown>[] {
  const result: Record<string, unknown>[] = [...(options.routes ?? [])];
  if (options.clusterHeader) {
    result.push({
      match: { prefix: "/", headers: [{ name: options.clusterHeader, present_match: true }] },
      route: { cluster_header: options.clusterHeader },
    });
  }
  const fallback = options.upstreams[0];
  if (fallback) result.push({ match: { prefix: "/" }, route: { cluster: fallback.name } });
  return result;
}

function httpFilter(filter: HttpFilter): Record<string, unknown> {
  return "native" in filter ? { ...filter.native } : wasmHttpFilter(filter.wasm);
}

/** The `envoy.filters.http.wasm` entry for one plugin. */
export function wasmHttpFilter(wasm: WasmFilter): Record<string, unknown> {
  return {
    name: wasm.name ?? `wasm.${wasm.rootId || "plugin"}`,
    typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm", config: pluginConfig(wasm) },
  };
}

/** Envoy's `failure_policy` for each of ours. */
const ENVOY_FAILURE_POLICY: Record<FailurePolicy, string> = { closed: "FAIL_CLOSED", open: "FAIL_OPEN", reload: "FAIL_RELOAD" };

/** Envoy's `PluginConfig` for one plugin, the same for HTTP and network filters. */
function pluginConfig(wasm: WasmFilter): Record<string, unknown> {
  const rootId = wasm.rootId ?? "";
  const failure = failureSettings(wasm, wasm.name ?? (rootId || path.basename(wasm.module)));
  const configuration = typeof wasm.configuration === "object" ? JSON.stringify(wasm.configuration) : (wasm.configuration ?? "");
  const vmConfig: Record<string, unknown> = {
    vm_id: wasm.vmId ?? path.resolve(wasm.module),
    runtime: "envoy.wasm.runtime.v8",
    // Envoy runs in its own folder: a relative path is the caller's.
    code: { local: { filename: path.resolve(wasm.module) } },
  };
  if (wasm.vmConfiguration !== undefined) vmConfig.configuration = stringValue(wasm.vmConfiguration);
  if (wasm.environment) vmConfig.environment_variables = { key_values: { ...wasm.environment } };
  const config: Record<string, unknown> = {
    name: wasm.name ?? rootId,
    root_id: rootId,
    configuration: stringValue(configuration),
    failure_policy: ENVOY_FAILURE_POLICY[failure.failurePolicy],
    vm_config: vmConfig,
  };
  // Left out when not given, so Envoy applies its own default (1 s).
  if (wasm.reloadBackoffMs !== undefined) config.reload_config = { backoff: { base_interval: `${failure.reloadBackoffMs / 1000}s` } };
  return config;
}

function tcpListener(filter: WasmFilter, upstream: Upstream): Record<string, unknown> {
  return {
    name: TCP_LISTENER_NAME,
    address: socketAddress("127.0.0.1", 0),
    filter_chains: [
      {
        filters: [
          {
            name: filter.name ?? `wasm.${filter.rootId || "plugin"}`,
            typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm", config: pluginConfig(filter) },
          },
          {
            name: "envoy.filters.network.tcp_proxy",
            typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: TCP_LISTENER_NAME, cluster: upstream.name },
          },
        ],
      },
    ],
  };
}

function routerFilter(): Record<string, unknown> {
  return { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } };
}

function cluster(upstream: Upstream): Record<string, unknown> {
  const result: Record<string, unknown> = {
    name: upstream.name,
    type: "STATIC",
    connect_timeout: "1s",
    load_assignment: {
      cluster_name: upstream.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(upstream.host ?? "127.0.0.1", upstream.port) } }] }],
    },
  };
  if (upstream.http2) {
    result.typed_extension_protocol_options = {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config: { http2_protocol_options: {} },
      },
    };
  }
  return result;
}

function socketAddress(address: string, port: number): Record<string, unknown> {
  return { socket_address: { address, port_value: port } };
}

function stringValue(value: string): Record<string, unknown> {
  return { "@type": "type.googleapis.com/google.protobuf.StringValue", value };
}
