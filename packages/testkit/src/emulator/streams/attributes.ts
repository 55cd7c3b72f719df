/**
 * The attributes of a request, as a filter on it reads them through
 * `proxy_get_property` (Envoy's `request.*`, `response.*`, `upstream.*` and
 * the route's `xds.*`), derived from the stream when they are read.
 *
 * Envoy answers header-based request attributes (request.path, .method,
 * .headers...) only while the filter still holds the request headers (or in
 * the access-log phase); so does the emulator.
 */
import { property, type PropertyNode } from "../abi/property-values.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { StreamOptions } from "../core/stream-types.ts";
import type { UpstreamRequest } from "../core/upstream.ts";
import { metadataMessage, type PropertyTree } from "../services/properties.ts";
import type { HttpFilterContext } from "./http-filter-context.ts";

/** The virtual host of the testkit's Envoy bootstrap, so that `xds.virtual_host_name` agrees on both backends. */
const VIRTUAL_HOST_NAME = "all";

/** What the request attributes are read from: the stream, at the moment of the read. */
export interface StreamFacts {
  readonly options: StreamOptions;
  readonly startTimeMs: number;
  readonly requestHeaders: HeaderMap;
  readonly finalResponseHeaders: HeaderMap | null;
  readonly finalResponseTrailers: HeaderMap | null;
  readonly requestBodySize: number;
  readonly responseBodyBytesSent: number;
  readonly responseCode: number;
  readonly details: string;
  readonly completed: boolean;
  readonly upstreamRequest: UpstreamRequest | null;
  /** The cluster the request went to, once it went. */
  readonly upstreamName: string;
}

/** The attribute tree of one filter on one stream. */
export function httpAttributes(filter: HttpFilterContext, stream: StreamFacts): PropertyNode {
  const { env } = filter;
  const requestMap = () => (filter.inAccessLogPhase() ? stream.requestHeaders : filter.requestHeaders);
  const responseMap = () => (filter.inAccessLogPhase() ? stream.finalResponseHeaders : filter.responseHeaders);
  const responseTrailers = () => (filter.inAccessLogPhase() ? stream.finalResponseTrailers : filter.responseTrailers);
  const header = (name: string) => () => requestMap()?.get(name);
  const own: PropertyTree = {
    request: property.attributes({
      path: header(":path"),
      url_path: () => requestMap()?.get(":path")?.split("?")[0],
      host: header(":authority"),
      scheme: header(":scheme"),
      method: header(":method"),
      headers: () => headerRecord(requestMap()),
      referer: header("referer"),
      useragent: header("user-agent"),
      id: header("x-request-id"),
      query: () => {
        const path = requestMap()?.get(":path");
        return path === undefined ? undefined : path.includes("?") ? path.slice(path.indexOf("?") + 1) : "";
      },
      time: property.timestamp(stream.startTimeMs),
      protocol: "HTTP/1.1",
      size: () => requestSize(requestMap(), stream.requestBodySize),
      total_size: () => stream.requestBodySize + (requestMap()?.byteSize() ?? 0),
      duration: () => (stream.completed ? property.duration(env.clock.now() - stream.startTimeMs) : undefined),
    }),
    response: property.attributes({
      code: () => (stream.responseCode > 0 ? stream.responseCode : undefined),
      code_details: () => stream.details || undefined,
      flags: 0,
      headers: () => headerRecord(responseMap()),
      trailers: () => headerRecord(responseTrailers()),
      size: () => stream.responseBodyBytesSent,
      total_size: () => stream.responseBodyBytesSent + (responseMap()?.byteSize() ?? 0) + (responseTrailers()?.byteSize() ?? 0),
    }),
    upstream: () => (stream.upstreamRequest ? property.attributes({ address: "127.0.0.1:8080", port: 8080 }) : undefined),
    xds: property.attributes({
      ...env.properties.xdsCommon(),
      cluster_name: () => routedCluster(stream),
      cluster_metadata: () => (routedCluster(stream) === undefined ? undefined : metadataMessage()),
      route_name: "",
      route_metadata: metadataMessage(),
      virtual_host_name: VIRTUAL_HOST_NAME,
      virtual_host_metadata: metadataMessage(),
    }),
  };
  const root = filter.root();
  const plugin = { name: root.name, rootId: root.rootId };
  return env.properties.forStream({ kind: "http", vmId: filter.vm.vmId, plugin }, filter, own, stream.options.properties);
}

/** `request.size` as Envoy computes it: the content-length when there is one (absent when invalid), else the body bytes received. */
function requestSize(headers: HeaderMap | null, bodyBytes: number): number | undefined {
  const contentLength = headers?.get("content-length");
  if (contentLength === undefined) return bodyBytes;
  return /^\d+$/.test(contentLength.trim()) ? Number(contentLength.trim()) : undefined;
}

/**
 * The cluster the stream is (or will be) routed to. Envoy picks the route
 * before the filters run, so `xds.cluster_name` is known from the request
 * headers on; the emulator picks as the stream will (header routes, else the
 * default upstream).
 */
function routedCluster(stream: StreamFacts): string | undefined {
  if (stream.upstreamName) return stream.upstreamName;
  const routes = stream.options.routes;
  if (routes) {
    const value = stream.requestHeaders.get(routes.header);
    if (value !== undefined && Object.prototype.hasOwnProperty.call(routes.upstreams, value)) return value;
    if (!stream.options.upstream) return undefined;
  }
  return "upstream";
}

/** A header map as Envoy's CEL map: repeated keys joined with ",". */
function headerRecord(map: HeaderMap | null): PropertyTree | undefined {
  if (map === null) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < map.size; i++) {
    const key = map.keys[i]!;
    out[key] = key in out ? `${out[key]},${map.values[i]}` : map.values[i]!;
  }
  return out;
}
