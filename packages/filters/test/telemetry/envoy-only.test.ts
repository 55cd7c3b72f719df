// Behaviours only a real Envoy shows: a refused configuration fails the
// listener with one log line naming the field and offset; raw bytes a client
// sends (invalid UTF-8) and JWT claims jwt_authn leaves in dynamic metadata.
import { createHmac } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped, startEnvoy, startUpstream, type EnvoyInstance, type UpstreamServer } from "@envoyscript/testkit";
import { accessLogLines, sumSeries, telemetry } from "./support.ts";

const REFUSED: { name: string; configuration: object; line: RegExp }[] = [
  {
    name: "an expression that does not parse (with the offset)",
    configuration: { accessLog: { filter: 'response.code >= 400 && (request.headers["x"] != ""' } },
    line: /telemetry: accessLog\.filter: at offset 51: expected "\)" to close the "\(" at offset 24 .* \[E_EXPR_SYNTAX\]$/m,
  },
  {
    name: "an unknown attribute",
    configuration: { metrics: { dimensions: { team: "request.header[\"x-team\"]" } } },
    line: /telemetry: metrics\.dimensions\.team: at offset 0: unknown attribute "request\.header".* \[E_EXPR_UNKNOWN_ATTRIBUTE\]$/m,
  },
  {
    name: "a dimension without a source",
    configuration: { metrics: { dimensions: { team: { default: "none" } } } },
    line: /telemetry: metrics\.dimensions\.team\.value: required field is missing; a dimension needs a source: .* \[E_CONFIG_MISSING\]$/m,
  },
  {
    name: "a comparison of a number with a string",
    configuration: { accessLog: { filter: 'response.code == "500"' } },
    line: /telemetry: accessLog\.filter: at offset 14: cannot compare a number with a string.* \[E_EXPR_TYPE\]$/m,
  },
];

describe.skipIf(realEnvoySkipped())("telemetry configuration refused by Envoy", () => {
  let upstream: UpstreamServer;
  beforeAll(async () => {
    upstream = await startUpstream("backend");
  });
  afterAll(async () => upstream?.close());

  it.each(REFUSED)("refuses $name with one log line", async ({ configuration, line }) => {
    const error = (await startEnvoy({ filters: [{ wasm: telemetry(configuration) }], upstreams: [{ name: "backend", port: upstream.port }], readyTimeoutMs: 15_000 }).catch((caught: Error) => caught)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(line);
  });
});

describe.skipIf(realEnvoySkipped())("telemetry with raw client bytes and JWT claims in Envoy", () => {
  const secret = Buffer.from("telemetry-test-secret-telemetry-test-secret");
  let upstream: UpstreamServer;
  let envoy: EnvoyInstance;

  beforeAll(async () => {
    upstream = await startUpstream("backend");
    const jwtAuthn = {
      name: "envoy.filters.http.jwt_authn",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
        providers: {
          test: {
            issuer: "https://issuer.test",
            local_jwks: { inline_string: JSON.stringify({ keys: [{ kty: "oct", alg: "HS256", kid: "k1", k: secret.toString("base64url") }] }) },
            payload_in_metadata: "payload",
            forward: true,
          },
        },
        rules: [{ match: { prefix: "/" }, requires: { requires_any: { requirements: [{ provider_name: "test" }, { allow_missing: {} }] } } }],
      },
    };
    const configuration = {
      metrics: { dimensions: { team: 'request.headers["x-team"]', tenant: 'request.auth.claims["tenant"]' } },
      accessLog: { fields: { team: 'request.headers["x-team"]', tenant: 'request.auth.claims["tenant"]', groups: 'request.auth.claims["groups"]', absent: 'response.headers["x-none"]' } },
    };
    envoy = await startEnvoy({ filters: [{ native: jwtAuthn }, { wasm: telemetry(configuration) }], upstreams: [{ name: "backend", port: upstream.port }] });
  });
  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("replaces invalid UTF-8 with U+FFFD in the log and with _ in labels", async () => {
    const status = await rawRequest(envoy.listenerPort, Buffer.concat([Buffer.from("GET /raw HTTP/1.1\r\nhost: t\r\nx-team: a"), Buffer.from([0xff, 0xc3]), Buffer.from("b\"\\\r\nconnection: close\r\n\r\n")]));
    expect(status).toBe(200);
    const line = await waitForLine((entry) => typeof entry.team === "string" && (entry.team as string).startsWith("a"));
    expect(line.team).toBe("a\ufffd\ufffdb\"\\");
    expect(line.absent).toBeNull();
    const metrics = await envoy.stats("^wasmcustom\\.");
    expect(sumSeries(withoutPrefix(metrics), "envoyscript_requests_total", { team: "a__b__" })).toBe(1);
  });

  it("reads claims from the payload jwt_authn leaves in dynamic metadata", async () => {
    // A null claim makes Envoy refuse to serialise the payload as a map; the claims are still read.
    const token = hs256({ iss: "https://issuer.test", tenant: "acme", groups: ["a", "b"], nickname: null, exp: Math.floor(Date.now() / 1000) + 600 }, secret);
    const response = await fetch(`${envoy.listenerUrl}/claims`, { headers: { authorization: `Bearer ${token}`, "x-team": "jwt" } });
    expect(response.status).toBe(200);
    const line = await waitForLine((entry) => entry.team === "jwt");
    expect(line).toMatchObject({ tenant: "acme", groups: '["a","b"]' });
    const metrics = withoutPrefix(await envoy.stats("^wasmcustom\\."));
    expect(sumSeries(metrics, "envoyscript_requests_total", { team: "jwt", tenant: "acme" })).toBe(1);
    // Without a token the claim is absent: the dimension's default.
    await (await fetch(`${envoy.listenerUrl}/claims`, { headers: { "x-team": "anonymous" } })).text();
    expect(sumSeries(withoutPrefix(await envoy.stats("^wasmcustom\\.")), "envoyscript_requests_total", { team: "anonymous", tenant: "unknown" })).toBe(1);
  });

  async function waitForLine(match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = accessLogLines(envoy.wasmLogs()).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no access-log line matched; lines: ${envoy.wasmLogs().join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});

function withoutPrefix(metrics: Map<string, number>): Map<string, number> {
  return new Map([...metrics].map(([name, value]) => [name.replace(/^wasmcustom\./, ""), value]));
}

function hs256(payload: object, secret: Buffer): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ alg: "HS256", typ: "JWT", kid: "k1" })}.${encode(payload)}`;
  return `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
}

/** Sends raw request bytes and resolves with the response status. */
function rawRequest(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on("error", reject);
  });
}
