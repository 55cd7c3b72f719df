/**
 * Property values and how Envoy serialises them for `proxy_get_property`
 * (Envoy `source/extensions/common/wasm/context.cc`, `serializeValue`):
 * strings and bytes raw; int64/uint64/double as 8 little-endian bytes;
 * booleans as 1 byte; timestamps and durations as int64 nanoseconds; maps as
 * serialised pairs of serialised keys and values; lists as pairs with empty
 * values; protobuf messages with their wire encoding. A null anywhere in a
 * map or list fails the whole value (SERIALIZATION_FAILURE), as in Envoy;
 * so does reading one of Envoy's attribute groups (`request`, `xds`...) whole.
 *
 * In a test, a plain JS value maps the obvious way (string, integer -> int64,
 * non-integer -> double, boolean, Uint8Array -> bytes, array -> list, object
 * -> map); wrap it with `property.*` to pick another type. Values under a
 * `google.protobuf.Struct` (dynamic metadata, node metadata) follow Struct's
 * rules: every number is a double.
 */
import { marshalPairs } from "./pairs.ts";

export type PropertyKind = "int64" | "uint64" | "double" | "bytes" | "string" | "timestamp" | "duration" | "struct" | "message" | "attributes";

/** A value with an explicit type, or a message with navigable fields. */
export class TypedProperty {
  constructor(
    readonly kind: PropertyKind,
    readonly value: unknown,
    /** For messages: how the whole message serialises, from its (possibly overridden) fields. */
    readonly encodeMessage?: (fields: Record<string, PropertyNode>) => Uint8Array,
  ) {}
}

/** A property tree node. Functions are evaluated when looked up (values derived from the stream). */
export type PropertyNode =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | null
  | undefined
  | TypedProperty
  | readonly PropertyNode[]
  | { readonly [key: string]: PropertyNode }
  | (() => PropertyNode);

/** Constructors for typed property values. */
export const property = {
  int64: (value: number | bigint) => new TypedProperty("int64", BigInt(value)),
  uint64: (value: number | bigint) => new TypedProperty("uint64", BigInt(value)),
  double: (value: number) => new TypedProperty("double", value),
  bytes: (value: Uint8Array | string) => new TypedProperty("bytes", typeof value === "string" ? Buffer.from(value, "utf8") : value),
  string: (value: string) => new TypedProperty("string", value),
  /** A point in time (Date or epoch milliseconds); serialised as int64 nanoseconds since the epoch. */
  timestamp: (value: Date | number) => new TypedProperty("timestamp", typeof value === "number" ? value : value.getTime()),
  /** A duration in milliseconds; serialised as int64 nanoseconds. */
  duration: (milliseconds: number) => new TypedProperty("duration", milliseconds),
  /** A `google.protobuf.Struct`: navigable; numbers inside are doubles. */
  struct: (fields: Record<string, unknown>) => new TypedProperty("struct", fields),
  /**
   * One of Envoy's attribute groups (`request`, `response`, `source`, `xds`...):
   * its fields are navigable, but the group read whole answers
   * SERIALIZATION_FAILURE (Envoy's CEL wrappers cannot list their keys).
   */
  attributes: (fields: Record<string, PropertyNode>) => new TypedProperty("attributes", fields),
  /** A protobuf message: `fields` are navigable, `encode` gives its wire bytes. */
  message: (fields: Record<string, PropertyNode>, encode: (fields: Record<string, PropertyNode>) => Uint8Array) =>
    new TypedProperty("message", fields, encode),
};

function int64Bytes(value: bigint, signed: boolean): Uint8Array {
  const out = Buffer.alloc(8);
  if (signed) out.writeBigInt64LE(BigInt.asIntN(64, value));
  else out.writeBigUInt64LE(BigInt.asUintN(64, value));
  return out;
}

function doubleBytes(value: number): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeDoubleLE(value);
  return out;
}

/** Resolves lazy nodes. */
export function evaluate(node: PropertyNode): PropertyNode {
  return typeof node === "function" ? (node as () => PropertyNode)() : node;
}

function isPlainObject(node: unknown): node is Record<string, PropertyNode> {
  return typeof node === "object" && node !== null && !(node instanceof Uint8Array) && !(node instanceof TypedProperty) && !Array.isArray(node);
}

/** A navigation position: the node, and whether it sits inside a Struct. */
export interface PropertyCursor {
  node: PropertyNode;
  inStruct: boolean;
}

/** Steps into `segment` (map key, message field, or list index); undefined when absent. */
export function stepInto(cursor: PropertyCursor, segment: string): PropertyCursor | undefined {
  const node = evaluate(cursor.node);
  if (node instanceof TypedProperty) {
    if (node.kind === "struct") return stepInto({ node: node.value as PropertyNode, inStruct: true }, segment);
    if (node.kind === "message" || node.kind === "attributes") return stepInto({ node: node.value as PropertyNode, inStruct: cursor.inStruct }, segment);
    return undefined;
  }
  if (Array.isArray(node)) {
    if (!/^\d+$/.test(segment)) return undefined;
    const item = (node as readonly PropertyNode[])[Number(segment)];
    return item === undefined ? undefined : { node: item, inStruct: cursor.inStruct };
  }
  if (isPlainObject(node)) {
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    const child = node[segment];
    // A null inside a Struct is a member Envoy finds but cannot serialise.
    if (child === undefined || (child === null && !cursor.inStruct)) return undefined;
    return { node: child, inStruct: cursor.inStruct };
  }
  return undefined;
}

/** Serialises a node like Envoy; null when Envoy would answer SERIALIZATION_FAILURE or NOT_FOUND. */
export function serializeProperty(cursor: PropertyCursor): Uint8Array | null {
  const node = evaluate(cursor.node);
  if (node === null || node === undefined) return null;
  if (typeof node === "string") return Buffer.from(node, "utf8");
  if (typeof node === "boolean") return Uint8Array.of(node ? 1 : 0);
  if (typeof node === "bigint") return int64Bytes(node, true);
  if (typeof node === "number") {
    if (cursor.inStruct || !Number.isInteger(node)) return doubleBytes(node);
    return int64Bytes(BigInt(node), true);
  }
  if (node instanceof Uint8Array) return node;
  if (node instanceof TypedProperty) return serializeTyped(node);
  if (Array.isArray(node)) {
    const entries: Array<[Uint8Array, Uint8Array]> = [];
    for (const item of node as readonly PropertyNode[]) {
      const bytes = serializeProperty({ node: item, inStruct: cursor.inStruct });
      if (bytes === null) return null;
      entries.push([bytes, new Uint8Array(0)]);
    }
    return marshalPairs(entries);
  }
  const entries: Array<[Uint8Array, Uint8Array]> = [];
  for (const [key, value] of Object.entries(node as Record<string, PropertyNode>)) {
    if (value === undefined) continue;
    const bytes = serializeProperty({ node: value, inStruct: cursor.inStruct });
    if (bytes === null) return null;
    entries.push([Buffer.from(key, "utf8"), bytes]);
  }
  return marshalPairs(entries);
}

function serializeTyped(node: TypedProperty): Uint8Array | null {
  switch (node.kind) {
    case "int64":
      return int64Bytes(node.value as bigint, true);
    case "uint64":
      return int64Bytes(node.value as bigint, false);
    case "double":
      return doubleBytes(node.value as number);
    case "bytes":
      return node.value as Uint8Array;
    case "string":
      return Buffer.from(node.value as string, "utf8");
    case "timestamp":
    case "duration":
      return int64Bytes(BigInt(Math.round(node.value as number)) * 1_000_000n, true);
    case "struct":
      return serializeProperty({ node: node.value as PropertyNode, inStruct: true });
    case "message":
      return node.encodeMessage ? node.encodeMessage(node.value as Record<string, PropertyNode>) : null;
    case "attributes":
      return null;
  }
}

/** Deep-merges `override` over `base`; an explicit null in `override` deletes the key. */
export function mergeProperties(base: PropertyNode, override: PropertyNode): PropertyNode {
  if (!isPlainObject(override)) return override;
  const navigable = base instanceof TypedProperty && (base.kind === "struct" || base.kind === "message" || base.kind === "attributes");
  const baseNode = navigable ? (base as TypedProperty).value : base;
  if (!isPlainObject(baseNode)) return override;
  const merged: Record<string, PropertyNode> = { ...baseNode };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in merged ? mergeProperties(evaluate(merged[key]!), value) : value;
  }
  if (base instanceof TypedProperty && base.kind === "struct") return new TypedProperty("struct", merged);
  if (base instanceof TypedProperty && base.kind === "message") return new TypedProperty("message", merged, base.encodeMessage);
  if (base instanceof TypedProperty && base.kind === "attributes") return new TypedProperty("attributes", merged);
  return merged;
}
