/**
 * Default property trees, derived from the stream or connection like Envoy's
 * attributes (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/advanced/attributes),
 * with host-wide and per-stream overrides deep-merged on top, and lookup of
 * `\0`-joined paths (`proxy_get_property`).
 *
 * Envoy answers header-based request attributes (request.path, .method,
 * .headers...) only while the filter still holds the request headers (or in
 * the access-log phase); so does the emulator.
 */
import { Status } from "./abi.ts";
import type { HostContext, RootContext } from "./contexts.ts";
import { encodeMetadata, encodeNode } from "./protobuf.ts";
import type { HeaderMap } from "./header-map.ts";
import type { HttpFilterContext } from "./http-filter-context.ts";
import { evaluate, mergeProperties, property, type PropertyCursor, type PropertyNode, serializeProperty, stepInto, TypedProperty } from "./property-values.ts";
import type { TcpContext } from "./tcp-stream.ts";

export interface NodeInfo {
  /** @default "envoyscript-emulator" */
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
    { id: info.id ?? "envoyscript-emulator", cluster: info.cluster ?? "envoyscript", metadata: property.struct(info.metadata ?? {}) },
    (fields) => encodeNode({ id: String(evaluate(fields.id) ?? ""), cluster: String(evaluate(fields.cluster) ?? ""), metadata: structFields(fields.metadata) }),
  );
}

function metadataMessage(): TypedProperty {
  return property.message({ filter_metadata: property.struct({}) }, (fields) =>
    encodeMetadata(structFields(fields.filter_metadata) as Record<string, Record<string, unknown>>),
  );
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
      const header = (name: string) => () => requestMap()?.get(name);
      const tree: Tree = {
        ...this.common(filter),
        ...this.connection(connectionId),
        request: {
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
          size: () => stream.requestBodySize,
          duration: () => (stream.completed ? property.duration(filter.vm.host.clock.now() - stream.startTimeMs) : undefined),
        },
        response: {
          code: () => (stream.responseCode > 0 ? stream.responseCode : undefined),
          code_details: () => stream.details || undefined,
          flags: 0,
          headers: () => headerRecord(responseMap()),
          trailers: () => headerRecord(filter.inAccessLogPhase() ? stream.finalResponseTrailers : filter.responseTrailers),
        },
        upstream: () => (stream.upstreamRequest ? { address: "127.0.0.1:8080", port: 8080 } : undefined),
        cluster_name: () => stream.upstreamName || undefined,
        route_name: "",
      };
      return this.withOverrides(tree, stream.options.properties);
    });
  }

  forTcp(context: TcpContext): PropertyNode {
    return this.cached(context, () => {
      const tree: Tree = { ...this.common(context), ...this.connection(++this.connectionCounter), upstream: { address: "127.0.0.1:8080", port: 8080 } };
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
      node: nodeMessage(this.node),
      plugin_name: plugin?.name,
      plugin_root_id: plugin?.rootId,
      plugin_vm_id: context.vm.vmId,
      metadata: context.kind === "root" ? undefined : metadataMessage(),
      filter_state: () => {
        const state = context.filterState();
        if (state === null) return undefined;
        const out: Record<string, Uint8Array> = {};
        for (const [key, value] of state) out[`wasm.${key}`] = value;
        return out;
      },
    };
  }

  private connection(id: number): Tree {
    return {
      source: { address: "127.0.0.1:50000", port: 50000 },
      destination: { address: "127.0.0.1:10000", port: 10000 },
      connection: { id: property.uint64(id), mtls: false, requested_server_name: "" },
      connection_id: property.uint64(id),
    };
  }
}
