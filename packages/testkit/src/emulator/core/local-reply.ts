/**
 * The response Envoy builds for a local reply (`sendLocalReply`): `:status`,
 * the module's extra headers, then `content-length` and a `text/plain`
 * content type when there is a body. A gRPC request gets a trailers-only
 * gRPC answer instead: HTTP 200 with `grpc-status` and `grpc-message`.
 */
import { GrpcStatus } from "../abi/enums.ts";
import { HeaderMap } from "./header-map.ts";

export interface LocalReplySpec {
  status: number;
  body: Uint8Array;
  headers: ReadonlyArray<readonly [string, string]>;
  /** -1 when the module gave none. */
  grpcStatus: number;
  details: string;
}

export interface BuiltReply {
  headers: HeaderMap;
  body: Uint8Array;
}

/** Envoy's `Grpc::Utility::httpToGrpcStatus`. */
export function httpToGrpcStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

export function buildLocalReply(spec: LocalReplySpec, grpcRequest: boolean): BuiltReply {
  const headers = new HeaderMap();
  if (grpcRequest) {
    headers.add(":status", "200");
    headers.add("content-type", "application/grpc");
    const known = spec.grpcStatus >= 0 && spec.grpcStatus <= GrpcStatus.MAXIMUM_KNOWN;
    headers.add("grpc-status", String(known ? spec.grpcStatus : httpToGrpcStatus(spec.status)));
    if (spec.body.length > 0) headers.add("grpc-message", encodeURIComponent(Buffer.from(spec.body).toString("utf8")));
    for (const [key, value] of spec.headers) headers.add(key, value);
    return { headers, body: new Uint8Array(0) };
  }
  headers.add(":status", String(spec.status));
  for (const [key, value] of spec.headers) headers.add(key, value);
  if (spec.body.length > 0) {
    headers.replace("content-length", String(spec.body.length));
    if (!headers.has("content-type")) headers.add("content-type", "text/plain");
  }
  return { headers, body: spec.body };
}

/** Envoy replaces whitespace in response code details with underscores. */
export function normalizeDetails(details: string): string {
  return details.replace(/\s/g, "_");
}
