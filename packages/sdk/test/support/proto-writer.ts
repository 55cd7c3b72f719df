// A minimal protobuf writer for the messages the SDK decodes:
// google.protobuf.Struct / Value / ListValue, envoy.config.core.v3.Node
// (id 1, cluster 2, metadata 3) and envoy.config.core.v3.Metadata
// (filter_metadata 1: map<string, Struct>).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

export const lengthDelimited = (field: number, payload: number[]): number[] => [(field << 3) | 2, ...varint(payload.length), ...payload];
export const utf8 = (value: string): number[] => Array.from(new TextEncoder().encode(value));

export function encodeValue(value: Json): number[] {
  if (value === null) return [(1 << 3) | 0, 0];
  if (typeof value === "boolean") return [(4 << 3) | 0, value ? 1 : 0];
  if (typeof value === "number") {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return [(2 << 3) | 1, ...bytes];
  }
  if (typeof value === "string") return lengthDelimited(3, utf8(value));
  if (Array.isArray(value)) return lengthDelimited(6, value.flatMap((item) => lengthDelimited(1, encodeValue(item))));
  return lengthDelimited(5, encodeStruct(value));
}

export function encodeStruct(object: { [key: string]: Json }): number[] {
  return Object.entries(object).flatMap(([key, value]) => lengthDelimited(1, [...lengthDelimited(1, utf8(key)), ...lengthDelimited(2, encodeValue(value))]));
}

export function encodeNode(node: { id?: string; cluster?: string; metadata?: { [key: string]: Json } }): number[] {
  return [
    ...(node.id === undefined ? [] : lengthDelimited(1, utf8(node.id))),
    ...(node.cluster === undefined ? [] : lengthDelimited(2, utf8(node.cluster))),
    ...(node.metadata === undefined ? [] : lengthDelimited(3, encodeStruct(node.metadata))),
  ];
}

export function encodeMetadata(filterMetadata: { [filter: string]: { [key: string]: Json } }): number[] {
  return Object.entries(filterMetadata).flatMap(([filter, struct]) => lengthDelimited(1, [...lengthDelimited(1, utf8(filter)), ...lengthDelimited(2, encodeStruct(struct))]));
}
