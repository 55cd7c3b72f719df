/**
 * Property lookup (`proxy_get_property`: `\0`-joined paths) and the
 * attributes every context shares, like Envoy's
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/advanced/attributes):
 * the plugin, the node, the listener and the connection, with host-wide and
 * per-stream overrides deep-merged on top. The attributes of a request or a
 * connection are derived from its stream (streams/attributes.ts).
 *
 * As in Envoy 1.40: the node, route and cluster are under `xds` (`xds.node.id`,
 * `xds.route_name`, `xds.cluster_name`; the old top-level `node`, `route_name`
 * and `cluster_name` answer NOT_FOUND); a message (`xds.node`, `metadata`)
 * read whole gives its protobuf bytes, a Struct inside one gives nested pairs;
 * attribute groups (`request`, `xds`...) read whole give SERIALIZATION_FAILURE.
 */
import { Status } from "../abi/enums.ts";
import { encodeMetadata, encodeNode } from "../abi/protobuf.ts";
import { evaluate, mergeProperties, property, type PropertyCursor, type PropertyNode, serializeProperty, stepInto, TypedProperty } from "../abi/property-values.ts";
import type { PropertiesPort, PropertyScope } from "../hostcalls/ports.ts";

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

export type PropertyTree = Record<string, PropertyNode>;

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

/** An empty `envoy.config.core.v3.Metadata` message (read whole: its protobuf bytes). */
export function metadataMessage(): TypedProperty {
  return property.message({ filter_metadata: property.struct({}) }, (fields) =>
    encodeMetadata(structFields(fields.filter_metadata) as Record<string, Record<string, unknown>>),
  );
}

/** Which plugin a context belongs to (the `plugin_*` attributes). */
export interface ContextOwner {
  readonly kind: "root" | "http" | "tcp";
  readonly vmId: string;
  /** Null for the VM's own context (the one `_initialize` runs in). */
  readonly plugin: { readonly name: string; readonly rootId: string } | null;
}

export class PropertyProvider implements PropertiesPort {
  private connectionCounter = 0;

  constructor(
    private readonly node: NodeInfo,
    private readonly overrides: PropertyTree,
  ) {}

  /** Serialised value of a `\0`-joined path, or the status Envoy would answer. */
  resolve(scope: PropertyScope, path: string): Uint8Array | Status {
    const segments = path.split("\0");
    if (segments[segments.length - 1] === "") segments.pop();
    if (segments.length === 0) return Status.NOT_FOUND;
    const tree = evaluate(scope.properties()) as PropertyTree;
    const first = segments[0]!;
    let cursor: PropertyCursor | undefined = stepInto({ node: tree, inStruct: false }, first);
    if (cursor === undefined) {
      const state = scope.filterState()?.get(first);
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

  /** The attributes of a root context: the plugin and the node. */
  forRoot(owner: ContextOwner, scope: PropertyScope): PropertyNode {
    return this.withOverrides(this.common(owner, scope), undefined);
  }

  /**
   * The attributes of a stream or connection context: the shared ones, a
   * new downstream connection, then the stream's own (`own`, which may
   * replace `xds`), then the host's and the stream's overrides.
   */
  forStream(owner: ContextOwner, scope: PropertyScope, own: PropertyTree, streamOverrides: PropertyTree | undefined): PropertyNode {
    return this.withOverrides({ ...this.common(owner, scope), ...this.connection(++this.connectionCounter), ...own }, streamOverrides);
  }

  /** What `xds` answers on every downstream connection: the node and the listener. */
  xdsCommon(): PropertyTree {
    return { node: nodeMessage(this.node), filter_chain_name: "", listener_metadata: metadataMessage(), listener_direction: property.int64(0) };
  }

  private withOverrides(tree: PropertyTree, streamOverrides: PropertyTree | undefined): PropertyNode {
    let merged: PropertyNode = mergeProperties(tree, this.overrides);
    if (streamOverrides) merged = mergeProperties(merged, streamOverrides);
    return merged;
  }

  private common(owner: ContextOwner, scope: PropertyScope): PropertyTree {
    return {
      plugin_name: owner.plugin?.name,
      plugin_root_id: owner.plugin?.rootId,
      plugin_vm_id: owner.vmId,
      // Outside a stream Envoy's `xds` knows only the node.
      xds: property.attributes({ node: nodeMessage(this.node) }),
      metadata: owner.kind === "root" ? undefined : metadataMessage(),
      filter_state: () => {
        const state = scope.filterState();
        if (state === null) return undefined;
        const out: Record<string, Uint8Array> = {};
        for (const [key, value] of state) out[`wasm.${key}`] = value;
        return property.attributes(out);
      },
    };
  }

  private connection(id: number): PropertyTree {
    return {
      source: property.attributes({ address: "127.0.0.1:50000", port: 50000 }),
      destination: property.attributes({ address: "127.0.0.1:10000", port: 10000 }),
      connection: property.attributes({ id: property.uint64(id), mtls: false, requested_server_name: "" }),
      connection_id: property.uint64(id),
    };
  }
}
