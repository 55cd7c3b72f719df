/**
 * The few protobuf messages a property can be (Envoy serialises a message
 * property with `SerializeToString`): `google.protobuf.Struct` / `Value` /
 * `ListValue` (the well-known types of @bufbuild/protobuf),
 * `envoy.config.core.v3.Node` (id 1, cluster 2, metadata 3,
 * user_agent_name 6) and `envoy.config.core.v3.Metadata` (filter_metadata 1),
 * written with its wire-format writer; and the cluster a serialised
 * `GrpcService` names, read with its wire-format reader.
 */
import { fromJson, type JsonValue, toBinary } from "@bufbuild/protobuf";
import { ListValueSchema, StructSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** A JSON-like value as a serialised `google.protobuf.Value`. */
export function encodeProtoValue(value: unknown): Uint8Array {
  return toBinary(ValueSchema, fromJson(ValueSchema, jsonOf(value)));
}

export function encodeProtoList(values: readonly unknown[]): Uint8Array {
  return toBinary(ListValueSchema, fromJson(ListValueSchema, values.map(jsonOf)));
}

/** A plain object as a serialised `google.protobuf.Struct`. */
export function encodeProtoStruct(fields: Record<string, unknown>): Uint8Array {
  return toBinary(StructSchema, fromJson(StructSchema, jsonOf(fields)));
}

/** What a Struct can hold: every number is a double (bigints too), undefined is null. */
function jsonOf(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(jsonOf);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonOf(item)]));
  return value as JsonValue;
}

export interface NodeMessage {
  id: string;
  cluster: string;
  metadata: Record<string, unknown>;
  userAgentName?: string;
}

export function encodeNode(node: NodeMessage): Uint8Array {
  const writer = new BinaryWriter();
  if (node.id) writer.tag(1, WireType.LengthDelimited).string(node.id);
  if (node.cluster) writer.tag(2, WireType.LengthDelimited).string(node.cluster);
  if (Object.keys(node.metadata).length > 0) writer.tag(3, WireType.LengthDelimited).bytes(encodeProtoStruct(node.metadata));
  if (node.userAgentName) writer.tag(6, WireType.LengthDelimited).string(node.userAgentName);
  return writer.finish();
}

/** `envoy.config.core.v3.Metadata` with its `filter_metadata` map. */
export function encodeMetadata(filterMetadata: Record<string, Record<string, unknown>>): Uint8Array {
  const writer = new BinaryWriter();
  for (const [name, struct] of Object.entries(filterMetadata)) {
    writer.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(name).tag(2, WireType.LengthDelimited).bytes(encodeProtoStruct(struct)).join();
  }
  return writer.finish();
}

/** Reads `envoy_grpc.cluster_name` from a serialised `GrpcService`, or null when it is not one. */
export function decodeGrpcServiceCluster(bytes: Uint8Array): string | null {
  const envoyGrpc = lengthDelimitedField(bytes, 1);
  if (envoyGrpc === null) return null;
  const cluster = lengthDelimitedField(envoyGrpc, 1);
  return cluster === null ? null : Buffer.from(cluster).toString("utf8");
}

/** The first length-delimited field `wanted` of a message, or null (absent, or not a message at all). */
function lengthDelimitedField(bytes: Uint8Array, wanted: number): Uint8Array | null {
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === wanted && wireType === WireType.LengthDelimited) return reader.bytes();
      reader.skip(wireType);
    }
  } catch {
    // Not protobuf: a plain cluster name, for instance.
  }
  return null;
}
