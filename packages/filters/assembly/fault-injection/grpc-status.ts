// gRPC status codes by their canonical names (Istio writes
// `grpcStatus: "UNAVAILABLE"`), and the HTTP <-> gRPC mappings Envoy uses
// (`Grpc::Utility::grpcToHttpStatus` / `httpToGrpcStatus`), so an abort can
// answer both kinds of request.

/** Canonical names, indexed by code (0..16). */
export const GRPC_STATUS_NAMES: string[] = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
  "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
];

/** The highest defined gRPC status code (UNAUTHENTICATED). */
export const GRPC_STATUS_MAX: i32 = 16;

/** The code of a canonical name, or -1. */
export function grpcStatusByName(name: string): i32 {
  return GRPC_STATUS_NAMES.indexOf(name);
}

/** HTTP status for a gRPC status, for gRPC aborts of plain HTTP requests (Envoy's mapping). */
export function grpcToHttpStatus(grpcStatus: i32): i32 {
  switch (grpcStatus) {
    case 0: return 200;
    case 1: return 499;
    case 3: case 9: case 11: return 400;
    case 4: return 504;
    case 5: return 404;
    case 6: case 10: return 409;
    case 7: return 403;
    case 8: return 429;
    case 12: return 501;
    case 14: return 503;
    case 16: return 401;
    default: return 500;
  }
}

/** gRPC status for an HTTP status, for HTTP aborts of gRPC requests (Envoy's mapping). */
export function httpToGrpcStatus(httpStatus: i32): i32 {
  switch (httpStatus) {
    case 400: return 13;
    case 401: return 16;
    case 403: return 7;
    case 404: return 12;
    case 429: case 502: case 503: case 504: return 14;
    default: return 2;
  }
}
