import type { DemoIdentity } from "./demo-tokens.ts";
import { DEMO_AUDIENCE, DEMO_ISSUER } from "./demo-tokens.ts";

/**
 * The four filters' configurations for the demo, in the formats documented in
 * packages/filters/docs/<filter>.md. Built in code because the JWKS is minted
 * at startup.
 */

/** Request header the routing filter writes and Envoy's route reads (`cluster_header`). */
export const DESTINATION_HEADER = "x-route-destination";
/** Request header carrying the verified user (jwt-authz writes it from `sub`; routing is sticky on it). */
export const USER_HEADER = "x-user";
/** Response header the reviews backends answer with; telemetry labels series with it. */
export const VERSION_HEADER = "x-reviews-version";

export const REVIEWS_V1 = "reviews-v1";
export const REVIEWS_V2 = "reviews-v2";

/** The /reviews canary split, in route order (the sticky bucket picks among these). */
export const CANARY_SPLIT: readonly { readonly destination: string; readonly weight: number }[] = [
  { destination: REVIEWS_V1, weight: 90 },
  { destination: REVIEWS_V2, weight: 10 },
];

/** Telemetry: Istio-style request metrics labelled with the backend version and the user, errors logged. */
export function telemetryConfig(): Record<string, unknown> {
  return {
    metrics: {
      dimensions: {
        version: `response.headers["${VERSION_HEADER}"]`,
        user: `request.headers["${USER_HEADER}"]`,
      },
      maxValuesPerDimension: 50,
    },
    tracing: { format: "b3" },
    accessLog: { filter: "response.code >= 400" },
  };
}

/**
 * jwt-authz: tokens from the demo issuer, the verified `sub` copied to
 * x-user; /reviews needs a token, /admin needs group "admins".
 */
export function jwtAuthzConfig(identity: DemoIdentity): Record<string, unknown> {
  return {
    jwtRules: [
      {
        issuer: DEMO_ISSUER,
        audiences: [DEMO_AUDIENCE],
        jwks: JSON.stringify(identity.jwks),
        outputClaimToHeaders: [{ header: USER_HEADER, claim: "sub" }],
      },
    ],
    policies: [
      {
        name: "reviews-require-token",
        action: "DENY",
        rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }], to: [{ operation: { paths: ["/reviews*"] } }] }],
      },
      {
        name: "admin-only-admins",
        action: "DENY",
        rules: [{ to: [{ operation: { paths: ["/admin*"] } }], when: [{ key: "request.auth.claims[group]", notValues: ["admins"] }] }],
      },
    ],
  };
}

/** fault-injection: `x-chaos: abort` answers 503, `x-chaos: delay` waits one second. */
export function faultInjectionConfig(): Record<string, unknown> {
  return {
    faults: [
      { match: [{ headers: { "x-chaos": { exact: "abort" } } }], abort: { httpStatus: 503, percentage: 100 } },
      { match: [{ headers: { "x-chaos": { exact: "delay" } } }], delay: { fixedDelay: "1s", percentage: 100 } },
    ],
  };
}

/** routing-headers: /reviews split 90/10, sticky per user; `x-canary: always` or `canary=always` cookie forces v2. */
export function routingHeadersConfig(): Record<string, unknown> {
  return {
    destinationHeader: DESTINATION_HEADER,
    rules: [
      {
        name: "reviews-canary-opt-in",
        match: [
          { uri: { prefix: "/reviews" }, headers: { "x-canary": { exact: "always" } } },
          { uri: { prefix: "/reviews" }, cookies: { canary: { exact: "always" } } },
        ],
        route: [{ destination: REVIEWS_V2 }],
      },
      {
        name: "reviews-canary",
        match: [{ uri: { prefix: "/reviews" } }],
        route: CANARY_SPLIT.map(({ destination, weight }) => ({ destination, weight })),
        stickyBy: { header: USER_HEADER },
      },
    ],
  };
}
