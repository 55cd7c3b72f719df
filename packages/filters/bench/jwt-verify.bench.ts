// Benchmark (not a test): JWT verification in the jwt-authz filter's
// AssemblyScript code, per algorithm, on a cache miss and a cache hit,
// beside Node's native crypto (OpenSSL) verifying the same tokens.
//
//   cd packages/filters && npx tsx bench/jwt-verify.bench.ts [iterations-scale]
//
// The filter's verification code is compiled (-O3, incremental runtime, as
// the filter is) into a small module without the proxy-wasm host, and timed
// in Node's V8 (Envoy runs wasm in V8 too). Keys are generated per run.
import { createHmac, createPublicKey, timingSafeEqual, verify } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadAscModule } from "../test/jwt-authz/support/asc-module.ts";
import { ALGORITHMS, FAR_FUTURE, generateTestKeys, jwksOf, signToken, type Algorithm, type TestKeys } from "../test/jwt-authz/support/tokens.ts";

interface Harness {
  loadJwks(text: string): boolean;
  resetCache(capacity: number): void;
  verifyToken(token: string, nowSeconds: number): number;
  verifyRepeatedly(token: string, nowSeconds: number, times: number): number;
  verifyThroughCacheRepeatedly(first: string, second: string, nowSeconds: number, times: number): number;
}

const HARNESS = fileURLToPath(new URL("./assembly/jwt-verify-harness.ts", import.meta.url));
const scale = Number(process.argv[2] ?? "1");
const now = Date.now() / 1000;

function buildHarness(): Promise<Harness> {
  return loadAscModule<Harness>(HARNESS, "-O3");
}

/** Microseconds per operation of `run(times)`, after a warm-up, best of three rounds; `prepare` runs untimed before each. */
function timePerOp(times: number, run: (times: number) => void, prepare: () => void = () => undefined): number {
  prepare();
  run(Math.max(1, Math.floor(times / 10)));
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    prepare();
    const start = process.hrtime.bigint();
    run(times);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / times);
  }
  return best;
}

function nodeVerifier(keys: TestKeys, alg: Algorithm): (token: string) => boolean {
  const hash = `sha${alg.slice(2)}`;
  if (alg === "HS256") {
    return (token) => {
      const [header, payload, signature] = token.split(".");
      const expected = createHmac(hash, keys.hmacSecret).update(`${header}.${payload}`).digest();
      return timingSafeEqual(expected, Buffer.from(signature, "base64url"));
    };
  }
  const jwk = alg === "ES256" ? keys.ec256PublicJwk : alg === "ES384" ? keys.ec384PublicJwk : keys.rsaPublicJwk;
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const options =
    alg.startsWith("PS") ? { key, padding: 6, saltLength: Number(alg.slice(2)) / 8 } : alg.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return (token) => {
    const last = token.lastIndexOf(".");
    return verify(hash, Buffer.from(token.slice(0, last)), options, Buffer.from(token.slice(last + 1), "base64url"));
  };
}

/** Operations per measurement: slow algorithms fewer times. */
function iterations(alg: Algorithm): number {
  const base = alg.startsWith("ES") ? 20 : alg === "HS256" ? 5000 : 200;
  return Math.max(2, Math.round(base * scale));
}

async function main(): Promise<void> {
  const keys = generateTestKeys();
  const harness = await buildHarness();
  const jwks = jwksOf(keys);
  jwks.keys.push({ kty: "oct", k: keys.hmacSecret.toString("base64url"), alg: "HS256" } as never);
  if (!harness.loadJwks(JSON.stringify(jwks))) throw new Error("the harness refused the generated JWKS");
  const rows: string[][] = [];
  for (const alg of ALGORITHMS) {
    const claims = { iss: "https://issuer.example.com", sub: "alice", aud: "orders-api", exp: FAR_FUTURE, scope: "read write" };
    const first = signToken(keys, alg, { ...claims, jti: "1" });
    const second = signToken(keys, alg, { ...claims, jti: "2" });
    if (harness.verifyToken(first, now) !== 0) throw new Error(`the harness refused a valid ${alg} token`);
    const nodeVerify = nodeVerifier(keys, alg);
    if (!nodeVerify(first)) throw new Error(`Node refused a valid ${alg} token`);
    const times = iterations(alg);
    const verifyOnly = timePerOp(times, (n) => harness.verifyRepeatedly(first, now, n));
    // Capacity 1 and two tokens taking turns: every lookup misses (hash, lookup, verify, insert, evict).
    const miss = timePerOp(times, (n) => harness.verifyThroughCacheRepeatedly(first, second, now, n), () => harness.resetCache(1));
    // Both tokens cached: every lookup hits (hash and lookup only).
    const primeBoth = () => {
      harness.resetCache(64);
      harness.verifyThroughCacheRepeatedly(first, second, now, 2);
    };
    const hit = timePerOp(times * 20, (n) => harness.verifyThroughCacheRepeatedly(first, second, now, n), primeBoth);
    const native = timePerOp(times, (n) => {
      for (let i = 0; i < n; i++) nodeVerify(first);
    });
    rows.push([alg, verifyOnly.toFixed(1), miss.toFixed(1), hit.toFixed(2), native.toFixed(1), (verifyOnly / native).toFixed(1) + "x"]);
  }
  printTable(["alg", "wasm verify µs", "wasm cache miss µs", "wasm cache hit µs", "node verify µs", "wasm/node"], rows);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padStart(widths[column])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

await main();
