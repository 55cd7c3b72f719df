// Typed helpers over the properties (attributes) Envoy answers. Each wraps
// `proxy_get_property`; an absent attribute gives null (strings, structures),
// -1 (integers) or false (booleans), never a trap. Stream attributes
// (request, response, source, destination, connection, metadata) are
// available in stream callbacks and `onLog`; node and plugin ones everywhere.

import { getProperty, getPropertyBool, getPropertyInt, getPropertyMap, getPropertyString } from "./properties";
import { HeaderPair } from "./header-pairs";
import { JsonValue } from "./json/value";
import { decodeStruct } from "./json/struct-proto";

/** Request attributes. */
export namespace request {
  /** `request.path`: path with query string. */
  export function path(): string | null { return getPropertyString(["request", "path"]); }
  /** `request.url_path`: path without query string. */
  export function urlPath(): string | null { return getPropertyString(["request", "url_path"]); }
  /** `request.method`. */
  export function method(): string | null { return getPropertyString(["request", "method"]); }
  /** `request.host` (the :authority). */
  export function host(): string | null { return getPropertyString(["request", "host"]); }
  /** `request.scheme`. */
  export function scheme(): string | null { return getPropertyString(["request", "scheme"]); }
  /** `request.protocol` (e.g. "HTTP/1.1"). */
  export function protocol(): string | null { return getPropertyString(["request", "protocol"]); }
  /** `request.id` (x-request-id). */
  export function id(): string | null { return getPropertyString(["request", "id"]); }
  /** `request.user_agent`. */
  export function userAgent(): string | null { return getPropertyString(["request", "useragent"]); }
  /** `request.headers` as pairs. */
  export function headers(): HeaderPair[] | null { return getPropertyMap(["request", "headers"]); }
  /** `request.time`: when the first byte arrived, in nanoseconds since the epoch (-1 when absent). */
  export function timeNanoseconds(): i64 { return getPropertyInt(["request", "time"]); }
  /** `request.duration` in nanoseconds (-1 when absent, e.g. before the request ended). */
  export function durationNanoseconds(): i64 { return getPropertyInt(["request", "duration"]); }
  /** `request.size`: body bytes (-1 when absent). */
  export function size(): i64 { return getPropertyInt(["request", "size"]); }
  /** `request.total_size`: headers and body bytes (-1 when absent). */
  export function totalSize(): i64 { return getPropertyInt(["request", "total_size"]); }
}

/** Response attributes (response phase and `onLog`). */
export namespace response {
  /** `response.code`: the HTTP status (-1 when absent). */
  export function code(): i64 { return getPropertyInt(["response", "code"]); }
  /** `response.code_details`. */
  export function codeDetails(): string | null { return getPropertyString(["response", "code_details"]); }
  /** `response.flags` (Envoy's response flags bitmask, -1 when absent). */
  export function flags(): i64 { return getPropertyInt(["response", "flags"]); }
  /** `response.grpc_status` (-1 when absent). */
  export function grpcStatus(): i64 { return getPropertyInt(["response", "grpc_status"]); }
  /** `response.headers` as pairs. */
  export function headers(): HeaderPair[] | null { return getPropertyMap(["response", "headers"]); }
  /** `response.size`: body bytes (-1 when absent). */
  export function size(): i64 { return getPropertyInt(["response", "size"]); }
}

/** The downstream peer (the client). */
export namespace source {
  /** `source.address`, "ip:port". */
  export function address(): string | null { return getPropertyString(["source", "address"]); }
  /** `source.port` (-1 when absent). */
  export function port(): i64 { return getPropertyInt(["source", "port"]); }
}

/** The local address that accepted the connection. */
export namespace destination {
  /** `destination.address`, "ip:port". */
  export function address(): string | null { return getPropertyString(["destination", "address"]); }
  /** `destination.port` (-1 when absent). */
  export function port(): i64 { return getPropertyInt(["destination", "port"]); }
}

/** The downstream connection. */
export namespace connection {
  /** `connection.mtls`: the client presented a verified certificate. */
  export function mtls(): bool { return getPropertyBool(["connection", "mtls"]); }
  /** `connection.tls_version`. */
  export function tlsVersion(): string | null { return getPropertyString(["connection", "tls_version"]); }
  /** `connection.requested_server_name` (SNI). */
  export function requestedServerName(): string | null { return getPropertyString(["connection", "requested_server_name"]); }
  /** `connection.subject_peer_certificate`. */
  export function peerCertificateSubject(): string | null { return getPropertyString(["connection", "subject_peer_certificate"]); }
  /** `connection.id` (-1 when absent). */
  export function id(): i64 { return getPropertyInt(["connection", "id"]); }
}

/** The Envoy node running the filter. */
export namespace node {
  /** `node.id`. */
  export function id(): string | null { return getPropertyString(["node", "id"]); }
  /** `node.cluster`. */
  export function cluster(): string | null { return getPropertyString(["node", "cluster"]); }
  /** `node.metadata` (a protobuf Struct) as a JSON object. */
  export function metadata(): JsonValue | null {
    const bytes = getProperty(["node", "metadata"]);
    return bytes === null ? null : decodeStruct(bytes);
  }
}

/** The plugin this code runs as. */
export namespace plugin {
  /** `plugin_name`: the plugin's configured name. */
  export function name(): string | null { return getPropertyString(["plugin_name"]); }
  /** `plugin_root_id`: the root id that selected this plugin's root context. */
  export function rootId(): string | null { return getPropertyString(["plugin_root_id"]); }
  /** `plugin_vm_id`. */
  export function vmId(): string | null { return getPropertyString(["plugin_vm_id"]); }
}

/** Dynamic metadata other filters left on the stream. */
export namespace metadata {
  /**
   * `metadata.filter_metadata.<filterName>` (a protobuf Struct) as a JSON
   * object, e.g. the verified JWT payload `envoy.filters.http.jwt_authn` leaves.
   */
  export function filter(filterName: string): JsonValue | null {
    const bytes = getProperty(["metadata", "filter_metadata", filterName]);
    return bytes === null ? null : decodeStruct(bytes);
  }
}

/** Route and cluster the request was matched to. */
export namespace route {
  /** `route_name`. */
  export function name(): string | null { return getPropertyString(["route_name"]); }
  /** `cluster_name`: the upstream cluster. */
  export function clusterName(): string | null { return getPropertyString(["cluster_name"]); }
}
