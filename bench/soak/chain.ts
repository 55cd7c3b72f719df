/**
 * What the soak runs: the four filters chained in front of two Node
 * upstreams on loopback ("primary" and "canary", chosen by routing-headers
 * through Envoy's cluster_header), each of which answers some paths slowly,
 * with a reset connection or with a large body.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSign, generateKeyPairSync } from "node:crypto";
import { filterModule } from "../lib/paths.ts";
import type { WasmFilter } from "@envoyscript/testkit";

export const ISSUER = "https://issuer.soak.local";
export const AUDIENCE = "soak-api";
export const UPSTREAM_NAMES = ["primary", "canary"] as const;
export const DESTINATION_HEADER = "x-route-destination";
export const SLOW_UPSTREAM_MS = 300;
export const LARGE_BODY_BYTES = 1024 * 1024;
export const ABORT_PERCENT = 10;

export interface SoakTokens {
  readonly jwks: string;
  readonly valid: readonly string[];
  readonly expired: readonly string[];
  readonly forged: readonly string[];
}

/** ES256 tokens made fresh per run: valid ones (a pool, so the token cache both hits and misses), expired and forged ones. */
export function makeTokens(): SoakTokens {
  const issuerKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const attackerKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwks = JSON.stringify({ keys: [{ ...issuerKey.publicKey.export({ format: "jwk" }), kid: "soak-1", alg: "ES256", use: "sig" }] });
  const now = Math.floor(Date.now() / 1000);
  const sign = (key: typeof issuerKey.privateKey, subject: string, exp: number): string => {
    const input = `${b64(JSON.stringify({ alg: "ES256", typ: "JWT", kid: "soak-1" }))}.${b64(JSON.stringify({ iss: ISSUER, sub: subject, aud: AUDIENCE, exp }))}`;
    return `${input}.${createSign("SHA256").update(input).sign({ key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
  };
  const pool = (count: number, make: (index: number) => string) => Array.from({ length: count }, (_, index) => make(index));
  return {
    jwks,
    valid: pool(400, (i) => sign(issuerKey.privateKey, `user-${i}`, now + 7 * 24 * 3600)),
    expired: pool(20, (i) => sign(issuerKey.privateKey, `late-${i}`, now - 3600)),
    forged: pool(20, (i) => sign(attackerKey.privateKey, `admin-${i}`, now + 3600)),
  };
}

function b64(text: string): string {
  return Buffer.from(text).toString("base64url");
}

/** The chain in request order: telemetry sees everything, jwt-authz guards /api/, chaos-tagged requests get faults, routing picks the upstream. */
export function soakFilters(tokens: SoakTokens): WasmFilter[] {
  return [
    {
      module: filterModule("telemetry"),
      rootId: "telemetry",
      configuration: { metrics: { dimensions: { tenant: 'request.headers["x-tenant"]' }, maxValuesPerDimension: 100 } },
    },
    {
      module: filterModule("jwt-authz"),
      rootId: "jwt-authz",
      configuration: {
        jwtRules: [{ issuer: ISSUER, audiences: [AUDIENCE], jwks: tokens.jwks, outputClaimToHeaders: [{ header: "x-user", claim: "sub" }] }],
        policies: [{ name: "require-jwt-for-api", action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }], to: [{ operation: { paths: ["/api/*"] } }] }] }],
      },
    },
    {
      module: filterModule("fault-injection"),
      rootId: "fault-injection",
      configuration: {
        match: [{ headers: { "x-chaos-test": { exact: "true" } } }],
        delay: { fixedDelay: "20ms", percentage: { value: 10 } },
        abort: { httpStatus: 503, percentage: { value: ABORT_PERCENT } },
        maxActiveFaults: 100000,
      },
    },
    {
      module: filterModule("routing-headers"),
      rootId: "routing-headers",
      configuration: {
        destinationHeader: DESTINATION_HEADER,
        rules: [
          { name: "canary-cookie", match: [{ cookies: { canary: { exact: "1" } } }], route: [{ destination: "canary" }] },
          { name: "sticky-split", match: [{ uri: { prefix: "/sticky" } }], route: [{ destination: "primary", weight: 50 }, { destination: "canary", weight: 50 }], stickyBy: { cookie: "user" } },
          { name: "default", route: [{ destination: "primary" }] },
        ],
      },
    },
  ];
}

export interface SoakUpstream {
  readonly name: string;
  readonly port: number;
  close(): Promise<void>;
}

const LARGE_BODY = Buffer.alloc(LARGE_BODY_BYTES, "x");

/**
 * A Node upstream: /upstream/slow answers after SLOW_UPSTREAM_MS,
 * /upstream/reset destroys the connection before any answer,
 * /upstream/large sends LARGE_BODY_BYTES; anything else a small 200. Every
 * answer names the upstream (`x-upstream`). Large request headers are
 * accepted (Node's default limit is 16 KiB).
 */
export async function startSoakUpstream(name: string): Promise<SoakUpstream> {
  const server: Server = createServer({ maxHeaderSize: 256 * 1024, keepAliveTimeout: 60_000 }, (request, response) => {
    request.resume();
    request.on("end", () => {
      const path = request.url ?? "/";
      if (path.startsWith("/upstream/reset")) {
        request.socket.destroy();
        return;
      }
      const body = path.startsWith("/upstream/large") ? LARGE_BODY : Buffer.from(`ok ${name}\n`);
      const reply = () => {
        response.writeHead(200, { "content-type": "text/plain", "content-length": body.length, "x-upstream": name });
        response.end(body);
      };
      if (path.startsWith("/upstream/slow")) setTimeout(reply, SLOW_UPSTREAM_MS);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
