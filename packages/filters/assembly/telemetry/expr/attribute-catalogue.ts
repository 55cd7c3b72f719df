// The attributes an expression may name, with their static types. Keyed
// attributes (`request.headers["x-team"]`) take a string key in brackets.
// Names follow Istio's attribute vocabulary; where Envoy's property has
// another name the resolver (../request-attributes) maps it.

import { ValueType } from "./value";

export enum AttributeId {
  RequestHeader = 0,
  RequestPath = 1,
  RequestUrlPath = 2,
  RequestMethod = 3,
  RequestHost = 4,
  RequestScheme = 5,
  RequestProtocol = 6,
  RequestSize = 7,
  RequestTotalSize = 8,
  RequestDuration = 9,
  RequestId = 10,
  ResponseCode = 11,
  ResponseHeader = 12,
  ResponseSize = 13,
  ResponseTotalSize = 14,
  SourceAddress = 15,
  SourcePrincipal = 16,
  SourcePort = 17,
  DestinationAddress = 18,
  DestinationPort = 19,
  ConnectionMtls = 20,
  NodeId = 21,
  NodeMetadata = 22,
  JwtClaim = 23,
}

/** How many attribute ids exist (for per-request caches). */
export const ATTRIBUTE_COUNT: i32 = 24;

/** One catalogue entry. */
export class AttributeSpec {
  constructor(
    public readonly name: string,
    public readonly id: AttributeId,
    public readonly type: ValueType,
    public readonly keyed: bool,
  ) {}
}

const CATALOGUE: AttributeSpec[] = [
  new AttributeSpec("request.headers", AttributeId.RequestHeader, ValueType.String, true),
  new AttributeSpec("request.path", AttributeId.RequestPath, ValueType.String, false),
  new AttributeSpec("request.url_path", AttributeId.RequestUrlPath, ValueType.String, false),
  new AttributeSpec("request.method", AttributeId.RequestMethod, ValueType.String, false),
  new AttributeSpec("request.host", AttributeId.RequestHost, ValueType.String, false),
  new AttributeSpec("request.scheme", AttributeId.RequestScheme, ValueType.String, false),
  new AttributeSpec("request.protocol", AttributeId.RequestProtocol, ValueType.String, false),
  new AttributeSpec("request.size", AttributeId.RequestSize, ValueType.Number, false),
  new AttributeSpec("request.total_size", AttributeId.RequestTotalSize, ValueType.Number, false),
  new AttributeSpec("request.duration", AttributeId.RequestDuration, ValueType.Number, false),
  new AttributeSpec("request.id", AttributeId.RequestId, ValueType.String, false),
  new AttributeSpec("response.code", AttributeId.ResponseCode, ValueType.Number, false),
  new AttributeSpec("response.headers", AttributeId.ResponseHeader, ValueType.String, true),
  new AttributeSpec("response.size", AttributeId.ResponseSize, ValueType.Number, false),
  new AttributeSpec("response.total_size", AttributeId.ResponseTotalSize, ValueType.Number, false),
  new AttributeSpec("source.address", AttributeId.SourceAddress, ValueType.String, false),
  new AttributeSpec("source.principal", AttributeId.SourcePrincipal, ValueType.String, false),
  new AttributeSpec("source.port", AttributeId.SourcePort, ValueType.Number, false),
  new AttributeSpec("destination.address", AttributeId.DestinationAddress, ValueType.String, false),
  new AttributeSpec("destination.port", AttributeId.DestinationPort, ValueType.Number, false),
  new AttributeSpec("connection.mtls", AttributeId.ConnectionMtls, ValueType.Bool, false),
  new AttributeSpec("node.id", AttributeId.NodeId, ValueType.String, false),
  new AttributeSpec("node.metadata", AttributeId.NodeMetadata, ValueType.String, true),
  new AttributeSpec("request.auth.claims", AttributeId.JwtClaim, ValueType.String, true),
];

/** The entry named `name`, or null for an unknown attribute. */
export function findAttribute(name: string): AttributeSpec | null {
  for (let i = 0; i < CATALOGUE.length; i++) {
    const spec = unchecked(CATALOGUE[i]);
    if (spec.name == name) return spec;
  }
  return null;
}

/** Every attribute name, for "known attributes: ..." in errors. */
export function attributeNames(): string {
  const names = new Array<string>();
  for (let i = 0; i < CATALOGUE.length; i++) names.push(unchecked(CATALOGUE[i]).name);
  return names.join(", ");
}
