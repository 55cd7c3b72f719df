/**
 * Default property trees, derived from the stream or connection like Envoy's
 * attributes (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/advanced/attributes),
 * with host-wide and per-stream overrides deep-merged on top, and lookup of
 * `\0`-joined paths (`proxy_get_property`).
 *
 * Envoy answers header-based request attributes (request.path, .method,
 * .headers...) only while the filter still holds the request headers (or in
 * the access-log phase); so does the emulator.
 *
 * As in Envoy 1.40: the node, route and cluster are under `xds` (`xds.node.id`,
 * `xds.route_name`, `xds.cluster_name`; the old top-level `node`, `route_name`
 * and `cluster_name` answer NOT_FOUND); a message (`xds.node`, `metadata`)
 * read whole gives its protobuf bytes, a Struct inside one gives nested pairs;
 * attribute groups (`request`, `xds`...) read whole give SERIALIZATION_FAILURE.
 */
import { Status } from "./abi.ts";
import type { HostContext, RootContext } from "./contexts.ts";
import { encodeMetadata, encodeNode } from "./protobuf.ts";
import type { HeaderMap } from "./header-map.ts";
import type { HttpFilterContext } from "./http-filter-context.ts";
import type { HttpStream } from "./http-stream.ts";
import { evaluate, mergeProperties, property, type PropertyCursor, type PropertyNode, serializeProperty, stepInto, TypedProperty } from "./property-values.ts";
import type { TcpContext } from "./tcp-stream.ts";

/** The node id and cluster the testkit's Envoy bootstrap uses too, so a scenario sees the same node on both backends. */
const DEFAULT_NODE_ID = "envoyscript-test";
const DEFAULT_NODE_CLUSTER = "envoyscript";

export interface NodeInfo {
  /** @default "envoyscript-test" */
  id?: string;
  /** @default "envoyscript" */
  cluster?: string;
  metadata?: Record<string, unknown>;
}

type Tree = Record<string, PropertyNode>;

function structFields(node: PropertyNode): Record<string, unknown> {
  const value = evaluate(node);
  if (value instanceof TypedProperty) return (value.value ?? {}) as Record<string, unknown>;
  return (value ?? {}) as Record<string, unknown>;
}

function nodeMessage(info: NodeInfo): TypedProperty {
  return property.message(
    { id: info.id ?? DEFAULT_NODE_ID, cluster: info.cluster ?? DEFAULT_NODE_CLUSTER, metadata: property.struct(info.metadata ?? {}), user_agent_name: "envoy" },
    (fields) =>
      encodeNode({
        id: String(evaluate(fields.id) ?? ""),
        cluster: String(evaluate(fields.cluster) ?? ""),
        metadata: structFields(fields.metadata),
        userAgentName: String(evaluate(fields.user_agent_name) ?? ""),
      }),
  );
}

function metadataMessage(): TypedProperty {
  return property.message({ filter_metadata: property.struct({}) }, (fields) =>
    encodeMetadata(structFields(fields.filter_metadata) as Record<string, Record<string, unknown>>),
  );
}

/** The virtual host of the testkit's Envoy bootstrap, so that `xds.virtual_host_name` agrees on both backends. */
const VIRTUAL_HOST_NAME = "all";

/** `request.size` as Envoy computes it: the content-length when there is one (absent when invalid), else the body bytes received. */
function requestSize(headers: HeaderMap | null, bodyBytes: number): number | undefined {
  const contentLength = headers?.get("content-length");
  if (contentLength === undefined) return bodyBytes;
  return /^\d+$/.test(contentLength.trim()) ? Number(contentLength.trim()) : undefined;
}

/**
 * The cluster the stream is (or will be) routed to. Envoy picks the route
 * before the filters run, so `xds.cluster_name` is known from the request
 * headers on; the emulator picks as `HttpStream` will (header routes, else the
 * default upstream).
 */
function routedCluster(stream: HttpStream): string | undefined {
  if (stream.upstreamName) return stream.upstreamName;
  const routes = stream.options.routes;
  if (routes) {
    const value = stream.requestHeaders.get(routes.header);
    if (value !== undefined && Object.prototype.hasOwnProperty.call(routes.upstreams, value)) return value;
    if (!stream.options.upstream) return undefined;
  }
  return "upstream";
}

/** A header map as Envoy's CEL map: repeated keys joined with ",". */
function headerRecord(map: HeaderMap | null): Tree | undefined {
  if (map === null) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < map.size; i++) {
    const key = map.keys[i]!;
    out[key] = key in out ? `${out[key]},${map.values[i]}` : map.values[i]!;
  }
  return out;
}

export class PropertyProvider {
  private readonly cache = new WeakMap<HostContext, PropertyNode>();
  private connectionCounter = 0;

  constructor(
    private readonly node: NodeInfo,
    private readonly overrides: Tree,
  ) {}

  /** Serialised value of a `\0`-joined path, or the status Envoy would answer. */
  resolve(context: HostContext, path: string): Uint8Array | Status {
    const segments = path.split("\0");
    if (segments[segments.length - 1] === "") segments.pop();
    if (segments.length === 0) return Status.NOT_FOUND;
    const tree = evaluate(context.properties()) as Tree;
    const first = segments[0]!;
    let cursor: PropertyCursor | undefined = stepInto({ node: tree, inStruct: false }, first);
    if (cursor === undefined) {
      const state = context.filterState()?.get(first);
      if (state === undefined) return Status.NOT_FOUND;
      cursor = { node: state, inStruct: false };
    }
    for (let i = 1; i < segments.length && cursor; i++) cursor = stepInto(cursor, segments[i]!);
    if (cursor === undefined) return Status.NOT_FOUND;
    const value = evaluate(cursor.node);
    if (value === null && cursor.inStruct) return Status.SERIALIZATION_FAILURE;
    if (value === null || value === undefined) return Status.NOT_FOUND;
    return serializeProperty({ node: value, inStruct: cursor.inStruct }) ?? Status.SERIALIZATION_FAILURE;
  }

  forRoot(root: RootContext): PropertyNode {
    return this.cached(root, () => this.common(root));
  }

  forHttp(filter: HttpFilterContext): PropertyNode {
    return this.cached(filter, () => {
      const stream = filter.stream;
      const connectionId = ++this.connectionCounter;
      const requestMap = () => (filter.inAccessLogPhase() ? stream.requestHeaders : filter.requestHeaders);
      const responseMap = () => (filter.inAccessLogPhase() ? stream.finalResponseHeaders : filter.responseHeaders);
      const responseTrailers = () => (filter.inAccessLogPhase() ? stream.finalResponseTrailers : filter.responseTrailers);
      const header = (name: string) => () => requestMap()?.get(name);
      const tree: Tree = {
        ...this.common(filter),
        ...this.connection(connectionId),
        request: property.attributes({
          path: header(":path"),
          url_path: () => requestMap()?.get(":path")?.split("?")[0],
          host: header(":authority"),
          scheme: header(":scheme"),
          method: header(":method"),
          headers: () => headerRecord(requestMap()),
          referer: header("referer"),
          useragent: header("user-agent"),
          id: header("x-request-id"),
          query: () => {
            const path = requestMap()?.get(":path");
            return path === undefined ? undefined : path.includes("?") ? path.slice(path.indexOf("?") + 1) : "";
          },
          time: property.timestamp(stream.startTimeMs),
          protocol: "HTTP/1.1",
          size: () => requestSize(requestMap(), stream.requestBodySize),
          total_size: () => stream.requestBodySize + (requestMap()?.byteSize() ?? 0),
          duration: () => (stream.completed ? property.duration(filter.vm.host.clock.now() - stream.startTimeMs) : undefined),
        }),
        response: property.attributes({
          code: () => (stream.responseCode > 0 ? stream.responseCode : undefined),
          code_details: () => stream.details || undefined,
          flags: 0,
          headers: () => headerRecord(responseMap()),
          trailers: () => headerRecord(responseTrailers()),
          size: () => stream.responseBodyBytesSent,
          total_size: () => stream.responseBodyBytesSent + (responseMap()?.byteSize() ?? 0) + (responseTrailers()?.byteSize() ?? 0),
        }),
        upstream: () => (stream.upstreamRequest ? property.attributes({ address: "127.0.0.1:8080", port: 8080 }) : undefined),
        xds: property.attributes({
          ...this.xdsCommon(),
          cluster_name: () => routedCluster(stream),
          cluster_metadata: () => (routedCluster(stream) === undefined ? undefined : metadataMessage()),
          route_name: "",
          route_metadata: metadataMessage(),
          virtual_host_name: VIRTUAL_HOST_NAME,
          virtual_host_metadata: metadataMessage(),
        }),
      };
      return this.withOverrides(tree, stream.options.properties);
    });
  }

  forTcp(context: TcpContext): PropertyNode {
    return this.cached(context, () => {
      const tree: Tree = {
        ...this.common(context),
        ...this.connection(++this.connectionCounter),
        upstream: property.attributes({ address: "127.0.0.1:8080", port: 8080 }),
        xds: property.attributes(this.xdsCommon()),
      };
      return this.withOverrides(tree, context.connection.options.properties);
    });
  }

  private cached(context: HostContext, build: () => PropertyNode): PropertyNode {
    let tree = this.cache.get(context);
    if (tree === undefined) {
      tree = context.kind === "root" ? this.withOverrides(build() as Tree, undefined) : build();
      this.cache.set(context, tree);
    }
    return tree;
  }

  private withOverrides(tree: Tree, streamOverrides: Tree | undefined): PropertyNode {
    let merged: PropertyNode = mergeProperties(tree, this.overrides);
    if (streamOverrides) merged = mergeProperties(merged, streamOverrides);
    return merged;
  }

  private common(context: HostContext): Tree {
    const plugin = context.plugin;
    return {
      plugin_name: plugin?.name,
      plugin_root_id: plugin?.rootId,
      plugin_vm_id: context.vm.vmId,
      // Outside a stream Envoy's `xds` knows only the node.
      xds: property.attributes({ node: nodeMessage(this.node) }),
      metadata: context.kind === "root" ? undefined : metadataMessage(),
      filter_state: () => {
        const state = context.filterState();
        if (state === null) return undefined;
        const out: Record<string, Uint8Array> = {};
        for (const [key, value] of state) out[`wasm.${key}`] = value;
        return property.attributes(out);
      },
    };
  }

  /** What `xds` answers on every downstream connection: the node and the listener. */
  private xdsCommon(): Tree {
    return { node: nodeMessage(this.node), filter_chain_name: "", listener_metadata: metadataMessage(), listener_direction: property.int64(0) };
  }

  private connection(id: number): Tree {
    return {
      source: property.attributes({ address: "127.0.0.1:50000", port: 50000 }),
      destination: property.attributes({ address: "127.0.0.1:10000", port: 10000 }),
      connection: property.attributes({ id: property.uint64(id), mtls: false, requested_server_name: "" }),
      connection_id: property.uint64(id),
    };
  }
}
