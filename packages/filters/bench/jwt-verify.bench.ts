// Benchmark (not a test): JWT verification in the jwt-authz filter's
// AssemblyScript code, per algorithm, on a cache miss and a cache hit,
// beside Node's native crypto (OpenSSL) verifying the same tokens.
//
//   cd packages/filters && npx tsx bench/jwt-verify.bench.ts [iterations-scale]
//
// The filter's verification code is compiled (-O3, minimal runtime,
// SIMD, as the filter is) into a small module without the proxy-wasm host,
// and timed in Node's V8 (Envoy runs wasm in V8 too), in rounds interleaved
// with Node's crypto.verify; medians. Keys are generated per run.
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
  return loadAscModule<Harness>(HARNESS, "-O3", "minimal");
}

const ROUNDS = 11;

/** Microseconds per operation of one `run(times)`; `prepare` runs untimed before it. */
function microsecondsPerOp(times: number, run: (times: number) => void, prepare: () => void = () => undefined): number {
  prepare();
  const start = process.hrtime.bigint();
  run(times);
  return Number(process.hrtime.bigint() - start) / 1000 / times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median µs per operation over ROUNDS rounds, after a warm-up; `prepare` runs untimed before each. */
function timePerOp(times: number, run: (times: number) => void, prepare: () => void = () => undefined): number {
  microsecondsPerOp(Math.max(1, Math.floor(times / 10)), run, prepare);
  return median(Array.from({ length: ROUNDS }, () => microsecondsPerOp(times, run, prepare)));
}

/**
 * The filter's verification and Node's, in interleaved rounds (which goes
 * first alternates), so both see the same machine: the medians of each and
 * the median of the rounds' ratios.
 */
function timeAgainstNode(times: number, wasm: (times: number) => void, node: (times: number) => void): { wasm: number; node: number; ratio: number } {
  wasm(Math.max(1, Math.floor(times / 10)));
  node(Math.max(1, Math.floor(times / 10)));
  const wasmTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      wasmTimes.push(microsecondsPerOp(times, wasm));
      nodeTimes.push(microsecondsPerOp(times, node));
    } else {
      nodeTimes.push(microsecondsPerOp(times, node));
      wasmTimes.push(microsecondsPerOp(times, wasm));
    }
  }
  return { wasm: median(wasmTimes), node: median(nodeTimes), ratio: median(wasmTimes.map((time, round) => time / nodeTimes[round])) };
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

/** Operations per round: slow algorithms fewer times. */
function iterations(alg: Algorithm): number {
  const base = alg === "ES384" ? 10 : alg === "ES256" ? 40 : alg === "HS256" ? 2000 : 100;
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
    const verify = timeAgainstNode(
      times,
      (n) => harness.verifyRepeatedly(first, now, n),
      (n) => {
        for (let i = 0; i < n; i++) nodeVerify(first);
      },
    );
    // Capacity 1 and two tokens taking turns: every lookup misses (hash, lookup, verify, insert, evict).
    const miss = timePerOp(times, (n) => harness.verifyThroughCacheRepeatedly(first, second, now, n), () => harness.resetCache(1));
    // Both tokens cached: every lookup hits (hash and lookup only).
    const primeBoth = () => {
      harness.resetCache(64);
      harness.verifyThroughCacheRepeatedly(first, second, now, 2);
    };
    const hit = timePerOp(times * 20, (n) => harness.verifyThroughCacheRepeatedly(first, second, now, n), primeBoth);
    rows.push([alg, verify.wasm.toFixed(1), miss.toFixed(1), hit.toFixed(2), verify.node.toFixed(1), verify.ratio.toFixed(1) + "x"]);
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
