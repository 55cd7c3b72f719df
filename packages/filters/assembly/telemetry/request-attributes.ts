// The attribute values of one request, read from Envoy on first use and
// cached for the rest of the request (metrics, access-log filter and fields
// often name the same attribute). The root keeps one instance and resets it
// in each onLog, which runs to completion, rather than allocating one per
// request. Node attributes come from the plugin's NodeInfo, cached for the
// VM. A missing attribute is answered as absent, never by a trap.

import { JsonValue, getProperty, getPropertyBool, getPropertyInt, getPropertyString, requestHeaders, responseHeaders } from "@envoyscript/sdk/assembly";
import { AttributeId, ATTRIBUTE_COUNT } from "./expr/attribute-catalogue";
import { AttributeSource } from "./expr/attribute-source";
import { Value, ValueType } from "./expr/value";
import { decodeUtf8Lossy } from "./text/lossy-utf8";
import { NodeInfo } from "./node-info";
import { ClaimsSource } from "./config/claims-source";
import { jsonAttributeValue } from "./json-attribute";

const NANOSECONDS_PER_MILLISECOND: f64 = 1_000_000;
// Property paths, built once: an array literal in read() would allocate on every request.
const REQUEST_PATH_PATH: string[] = ["request", "path"];
const REQUEST_URL_PATH_PATH: string[] = ["request", "url_path"];
const REQUEST_METHOD_PATH: string[] = ["request", "method"];
const REQUEST_HOST_PATH: string[] = ["request", "host"];
const REQUEST_SCHEME_PATH: string[] = ["request", "scheme"];
const REQUEST_PROTOCOL_PATH: string[] = ["request", "protocol"];
const REQUEST_ID_PATH: string[] = ["request", "id"];
const REQUEST_SIZE_PATH: string[] = ["request", "size"];
const REQUEST_TOTAL_SIZE_PATH: string[] = ["request", "total_size"];
const RESPONSE_CODE_PATH: string[] = ["response", "code"];
const RESPONSE_SIZE_PATH: string[] = ["response", "size"];
const RESPONSE_TOTAL_SIZE_PATH: string[] = ["response", "total_size"];
const SOURCE_ADDRESS_PATH: string[] = ["source", "address"];
const CONNECTION_URI_SAN_PEER_CERTIFICATE_PATH: string[] = ["connection", "uri_san_peer_certificate"];
const SOURCE_PORT_PATH: string[] = ["source", "port"];
const DESTINATION_ADDRESS_PATH: string[] = ["destination", "address"];
const DESTINATION_PORT_PATH: string[] = ["destination", "port"];
const CONNECTION_MTLS_PATH: string[] = ["connection", "mtls"];
const REQUEST_DURATION_PATH: string[] = ["request", "duration"];

export class RequestAttributes extends AttributeSource {
  private readonly cache: Array<Value | null> = new Array<Value | null>(ATTRIBUTE_COUNT);
  private payload: JsonValue | null = null;
  private payloadRead: bool = false;

  constructor(private readonly node: NodeInfo, private readonly claimsSource: ClaimsSource) {
    super();
  }

  /** Forgets the previous request's values: one instance serves every request of a configuration. */
  reset(): void {
    this.cache.fill(null);
    this.payload = null;
    this.payloadRead = false;
  }

  lookup(id: AttributeId, key: string): Value {
    switch (id) {
      case AttributeId.RequestHeader: return headerValue(requestHeaders.getBytes(key));
      case AttributeId.ResponseHeader: return headerValue(responseHeaders.getBytes(key));
      case AttributeId.NodeMetadata: return this.node.metadataValue(key);
      case AttributeId.JwtClaim: return this.claim(key);
      default: return this.cached(id);
    }
  }

  private cached(id: AttributeId): Value {
    const known = unchecked(this.cache[<i32>id]);
    if (known !== null) return known;
    const value = this.read(id);
    unchecked((this.cache[<i32>id] = value));
    return value;
  }

  private read(id: AttributeId): Value {
    switch (id) {
      case AttributeId.RequestPath: return stringProperty(REQUEST_PATH_PATH);
      case AttributeId.RequestUrlPath: return stringProperty(REQUEST_URL_PATH_PATH);
      case AttributeId.RequestMethod: return stringProperty(REQUEST_METHOD_PATH);
      case AttributeId.RequestHost: return stringProperty(REQUEST_HOST_PATH);
      case AttributeId.RequestScheme: return stringProperty(REQUEST_SCHEME_PATH);
      case AttributeId.RequestProtocol: return Value.ofString(getPropertyString(REQUEST_PROTOCOL_PATH));
      case AttributeId.RequestId: return stringProperty(REQUEST_ID_PATH);
      case AttributeId.RequestSize: return countProperty(REQUEST_SIZE_PATH);
      case AttributeId.RequestTotalSize: return countProperty(REQUEST_TOTAL_SIZE_PATH);
      case AttributeId.RequestDuration: return durationMilliseconds();
      case AttributeId.ResponseCode: return countProperty(RESPONSE_CODE_PATH);
      case AttributeId.ResponseSize: return countProperty(RESPONSE_SIZE_PATH);
      case AttributeId.ResponseTotalSize: return countProperty(RESPONSE_TOTAL_SIZE_PATH);
      case AttributeId.SourceAddress: return stringProperty(SOURCE_ADDRESS_PATH);
      // Istio's source.principal is the peer certificate's URI SAN (a SPIFFE id).
      case AttributeId.SourcePrincipal: return stringProperty(CONNECTION_URI_SAN_PEER_CERTIFICATE_PATH);
      case AttributeId.SourcePort: return countProperty(SOURCE_PORT_PATH);
      case AttributeId.DestinationAddress: return stringProperty(DESTINATION_ADDRESS_PATH);
      case AttributeId.DestinationPort: return countProperty(DESTINATION_PORT_PATH);
      case AttributeId.ConnectionMtls: return Value.ofBool(getPropertyBool(CONNECTION_MTLS_PATH));
      case AttributeId.NodeId: return this.node.id();
      default: return Value.absent(ValueType.String);
    }
  }

  /** Claim `key` of the request's verified payload (decoded once per request); absent without one. */
  private claim(key: string): Value {
    if (!this.payloadRead) {
      this.payloadRead = true;
      this.payload = this.claimsSource.payload();
    }
    const payload = this.payload;
    return jsonAttributeValue(payload === null ? null : payload.get(key));
  }
}

function headerValue(bytes: ArrayBuffer | null): Value {
  return bytes === null ? Value.absent(ValueType.String) : Value.ofString(decodeUtf8Lossy(bytes));
}

/** A string property, invalid UTF-8 replaced (the path and host come from the client). */
function stringProperty(path: string[]): Value {
  const bytes = getProperty(path);
  return bytes === null ? Value.absent(ValueType.String) : Value.ofString(decodeUtf8Lossy(bytes));
}

function countProperty(path: string[]): Value {
  return Value.ofCount(<f64>getPropertyInt(path));
}

function durationMilliseconds(): Value {
  const nanoseconds = getPropertyInt(REQUEST_DURATION_PATH);
  return nanoseconds < 0 ? Value.absent(ValueType.Number) : Value.ofNumber(<f64>nanoseconds / NANOSECONDS_PER_MILLISECOND);
}
