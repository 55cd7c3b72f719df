// The attribute values of one request, read from Envoy on first use and
// cached for the rest of the request (metrics, access-log filter and fields
// often name the same attribute). Node attributes come from the plugin's
// NodeInfo, cached for the VM. A missing attribute is answered as
// absent, never by a trap.

import { getProperty, getPropertyBool, getPropertyInt, getPropertyString } from "@envoyscript/sdk/assembly/properties";
import { requestHeaders, responseHeaders } from "@envoyscript/sdk/assembly/headers";
import { AttributeId, ATTRIBUTE_COUNT } from "./expr/attribute-catalogue";
import { AttributeSource } from "./expr/attribute-source";
import { Value, ValueType } from "./expr/value";
import { decodeUtf8Lossy } from "./text/lossy-utf8";
import { NodeInfo } from "./node-info";
import { ClaimsSource } from "./config/claims-source";
import { jsonAttributeValue } from "./json-attribute";
import { JsonValue } from "@envoyscript/sdk/assembly/json/value";

const NANOSECONDS_PER_MILLISECOND: f64 = 1_000_000;

export class RequestAttributes extends AttributeSource {
  private readonly cache: Array<Value | null> = new Array<Value | null>(ATTRIBUTE_COUNT);
  private payload: JsonValue | null = null;
  private payloadRead: bool = false;

  constructor(private readonly node: NodeInfo, private readonly claimsSource: ClaimsSource) {
    super();
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
      case AttributeId.RequestPath: return stringProperty(["request", "path"]);
      case AttributeId.RequestUrlPath: return stringProperty(["request", "url_path"]);
      case AttributeId.RequestMethod: return stringProperty(["request", "method"]);
      case AttributeId.RequestHost: return stringProperty(["request", "host"]);
      case AttributeId.RequestScheme: return stringProperty(["request", "scheme"]);
      case AttributeId.RequestProtocol: return Value.ofString(getPropertyString(["request", "protocol"]));
      case AttributeId.RequestId: return stringProperty(["request", "id"]);
      case AttributeId.RequestSize: return countProperty(["request", "size"]);
      case AttributeId.RequestTotalSize: return countProperty(["request", "total_size"]);
      case AttributeId.RequestDuration: return durationMilliseconds();
      case AttributeId.ResponseCode: return countProperty(["response", "code"]);
      case AttributeId.ResponseSize: return countProperty(["response", "size"]);
      case AttributeId.ResponseTotalSize: return countProperty(["response", "total_size"]);
      case AttributeId.SourceAddress: return stringProperty(["source", "address"]);
      // Istio's source.principal is the peer certificate's URI SAN (a SPIFFE id).
      case AttributeId.SourcePrincipal: return stringProperty(["connection", "uri_san_peer_certificate"]);
      case AttributeId.SourcePort: return countProperty(["source", "port"]);
      case AttributeId.DestinationAddress: return stringProperty(["destination", "address"]);
      case AttributeId.DestinationPort: return countProperty(["destination", "port"]);
      case AttributeId.ConnectionMtls: return Value.ofBool(getPropertyBool(["connection", "mtls"]));
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
  const nanoseconds = getPropertyInt(["request", "duration"]);
  return nanoseconds < 0 ? Value.absent(ValueType.Number) : Value.ofNumber(<f64>nanoseconds / NANOSECONDS_PER_MILLISECOND);
}
