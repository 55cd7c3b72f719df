/**
 * The few protobuf messages a property can be (Envoy serialises a message
 * property with `SerializeToString`): `google.protobuf.Struct` / `Value` /
 * `ListValue`, `envoy.config.core.v3.Node` (id 1, cluster 2, metadata 3,
 * user_agent_name 6) and
 * `envoy.config.core.v3.Metadata` (filter_metadata 1).
 */

class Writer {
  private parts: number[] = [];

  varint(value: number): this {
    let v = value;
    while (v > 0x7f) {
      this.parts.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.parts.push(v);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const byte of data) this.parts.push(byte);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, Buffer.from(text, "utf8"));
  }

  double(field: number, value: number): this {
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleLE(value);
    this.tag(field, 1);
    for (const byte of buffer) this.parts.push(byte);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A JSON-like value as a serialised `google.protobuf.Value`. */
export function encodeProtoValue(value: unknown): Uint8Array {
  const writer = new Writer();
  if (value === null || value === undefined) writer.tag(1, 0).varint(0);
  else if (typeof value === "number") writer.double(2, value);
  else if (typeof value === "bigint") writer.double(2, Number(value));
  else if (typeof value === "string") writer.string(3, value);
  else if (typeof value === "boolean") writer.tag(4, 0).varint(value ? 1 : 0);
  else if (Array.isArray(value)) writer.bytes(6, encodeProtoList(value));
  else writer.bytes(5, encodeProtoStruct(value as Record<string, unknown>));
  return writer.finish();
}

export function encodeProtoList(values: readonly unknown[]): Uint8Array {
  const writer = new Writer();
  for (const value of values) writer.bytes(1, encodeProtoValue(value));
  return writer.finish();
}

/** A plain object as a serialised `google.protobuf.Struct`. */
export function encodeProtoStruct(fields: Record<string, unknown>): Uint8Array {
  const writer = new Writer();
  for (const [key, value] of Object.entries(fields)) {
    const entry = new Writer().string(1, key).bytes(2, encodeProtoValue(value)).finish();
    writer.bytes(1, entry);
  }
  return writer.finish();
}

export interface NodeMessage {
  id: string;
  cluster: string;
  metadata: Record<string, unknown>;
  userAgentName?: string;
}

export function encodeNode(node: NodeMessage): Uint8Array {
  const writer = new Writer();
  if (node.id) writer.string(1, node.id);
  if (node.cluster) writer.string(2, node.cluster);
  if (Object.keys(node.metadata).length > 0) writer.bytes(3, encodeProtoStruct(node.metadata));
  if (node.userAgentName) writer.string(6, node.userAgentName);
  return writer.finish();
}

/** `envoy.config.core.v3.Metadata` with its `filter_metadata` map. */
export function encodeMetadata(filterMetadata: Record<string, Record<string, unknown>>): Uint8Array {
  const writer = new Writer();
  for (const [name, struct] of Object.entries(filterMetadata)) {
    const entry = new Writer().string(1, name).bytes(2, encodeProtoStruct(struct)).finish();
    writer.bytes(1, entry);
  }
  return writer.finish();
}

/** Reads `envoy_grpc.cluster_name` from a serialised `GrpcService`, or null when it is not one. */
export function decodeGrpcServiceCluster(bytes: Uint8Array): string | null {
  const envoyGrpc = readLengthDelimited(bytes, 1);
  if (envoyGrpc === null) return null;
  const cluster = readLengthDelimited(envoyGrpc, 1);
  return cluster === null ? null : Buffer.from(cluster).toString("utf8");
}

function readLengthDelimited(bytes: Uint8Array, wantedField: number): Uint8Array | null {
  let at = 0;
  const readVarint = (): number | null => {
    let result = 0;
    let shift = 0;
    while (at < bytes.length) {
      const byte = bytes[at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 49) return null;
    }
    return null;
  };
  while (at < bytes.length) {
    const key = readVarint();
    if (key === null) return null;
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 2) {
      const length = readVarint();
      if (length === null || at + length > bytes.length) return null;
      if (field === wantedField) return bytes.subarray(at, at + length);
      at += length;
    } else if (wireType === 0) {
      if (readVarint() === null) return null;
    } else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else return null;
  }
  return null;
}
