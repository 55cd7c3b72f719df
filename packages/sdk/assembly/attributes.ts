// Typed helpers over the properties (attributes) Envoy answers. Each wraps
// `proxy_get_property`; an absent attribute gives null (strings, structures),
// -1 (integers) or false (booleans), never a trap. Stream attributes
// (request, response, source, destination, connection, metadata, route) are
// available in stream callbacks and `onLog`; node and plugin ones everywhere.
//
// Envoy 1.40 answers the node and the route/cluster names under `xds`
// (`xds.node.id`, `xds.route_name`, `xds.cluster_name`) and NOT_FOUND for the
// older top-level names (`node.id`, `route_name`, `cluster_name`); the helpers
// ask for the `xds` path first and fall back to the old one for older hosts.

import { getProperty, getPropertyBool, getPropertyInt, getPropertyMap, getPropertyString } from "./properties";
import { HeaderPair } from "./header-pairs";
import { JsonValue } from "./json/value";
import { decodeFilterMetadata, decodeNodeMetadata } from "./json/envoy-proto";

/** Property `current` as text, else property `older` (hosts before `xds`). */
function stringAtEither(current: string[], older: string[]): string | null {
  const value = getPropertyString(current);
  return value !== null ? value : getPropertyString(older);
}

/** The raw bytes of property `current`, else of property `older`. */
function bytesAtEither(current: string[], older: string[]): ArrayBuffer | null {
  const value = getProperty(current);
  return value !== null ? value : getProperty(older);
}

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
  /** `response.size`: body bytes sent to the client so far (-1 when absent). */
  export function size(): i64 { return getPropertyInt(["response", "size"]); }
  /** `response.total_size`: body, headers and trailers bytes sent so far (-1 when absent). */
  export function totalSize(): i64 { return getPropertyInt(["response", "total_size"]); }
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

/** The Envoy node running the filter (`xds.node`, formerly `node`). */
export namespace node {
  // The node does not change while a VM lives; its metadata is decoded once.
  let metadataCache: JsonValue | null = null;

  /** `xds.node.id` (older hosts: `node.id`). */
  export function id(): string | null { return stringAtEither(["xds", "node", "id"], ["node", "id"]); }
  /** `xds.node.cluster` (older hosts: `node.cluster`). */
  export function cluster(): string | null { return stringAtEither(["xds", "node", "cluster"], ["node", "cluster"]); }
  /**
   * The node's metadata (a protobuf Struct) as a JSON object with its value
   * types intact; {} when the node has none, null when the host has no node.
   * Read from the whole `xds.node` message (older hosts: `node`) once per VM
   * and shared by later calls: do not modify it.
   */
  export function metadata(): JsonValue | null {
    if (metadataCache === null) {
      const bytes = bytesAtEither(["xds", "node"], ["node"]);
      if (bytes !== null) metadataCache = decodeNodeMetadata(bytes);
    }
    return metadataCache;
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
   * `filter_metadata[<filterName>]` of the stream's dynamic metadata (a
   * protobuf Struct) as a JSON object with its value types intact, e.g. the
   * verified JWT payload `envoy.filters.http.jwt_authn` leaves under its
   * `payload_in_metadata` key; null when that filter left nothing. Read from
   * the whole `metadata` message on every call (other filters may add to it).
   */
  export function filter(filterName: string): JsonValue | null {
    const bytes = getProperty(["metadata"]);
    return bytes === null ? null : decodeFilterMetadata(bytes, filterName);
  }
}

/** Route, virtual host and cluster the request was matched to. */
export namespace route {
  /** `xds.route_name` ("" for a route without a name; older hosts: `route_name`). */
  export function name(): string | null { return stringAtEither(["xds", "route_name"], ["route_name"]); }
  /** `xds.cluster_name`: the upstream cluster (older hosts: `cluster_name`). */
  export function clusterName(): string | null { return stringAtEither(["xds", "cluster_name"], ["cluster_name"]); }
  /** `xds.virtual_host_name`. */
  export function virtualHostName(): string | null { return getPropertyString(["xds", "virtual_host_name"]); }
  /** `filter_metadata[<filterName>]` of the route's metadata (`xds.route_metadata`), or null. */
  export function metadata(filterName: string): JsonValue | null {
    const bytes = getProperty(["xds", "route_metadata"]);
    return bytes === null ? null : decodeFilterMetadata(bytes, filterName);
  }
}
