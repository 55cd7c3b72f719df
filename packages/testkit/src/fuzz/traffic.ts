import type { HttpRequestInput } from "../emulator/index.ts";
import type { SeededRandom } from "./random.ts";

/**
 * Header names filters commonly act on: random traffic that never names
 * them would never reach the code worth fuzzing.
 */
export const INTERESTING_HEADERS: readonly string[] = [
  "authorization",
  "cookie",
  "content-type",
  "content-length",
  "host",
  "x-request-id",
  "traceparent",
  "tracestate",
  "x-b3-traceid",
  "x-b3-spanid",
  "x-b3-sampled",
  "x-forwarded-for",
  "x-envoy-fault-delay-request",
  "x-envoy-fault-abort-request",
  "x-envoy-fault-abort-grpc-request",
  "x-envoy-fault-delay-request-percentage",
  "x-envoy-fault-abort-request-percentage",
  "x-route-destination",
  "x-user",
  "x-api-key",
  "x-debug",
  "grpc-timeout",
];

/** Values shaped like what those headers carry, half-broken: parsers must survive them. */
const VALUE_SHAPES: readonly ((random: SeededRandom) => string)[] = [
  (random) => `Bearer ${base64ish(random, random.size(2048))}.${base64ish(random, random.size(4096))}.${base64ish(random, random.size(512))}`,
  (random) => `Bearer ${base64ish(random, random.size(64))}`,
  (random) => Array.from({ length: random.size(300) }, () => `${token(random, random.size(12))}=${token(random, random.size(20))}`).join("; "),
  (random) => String(random.pick([0, -1, 1, 99, 100, 101, 200, 503, 599, 600, 2 ** 31, 2 ** 53, Number.NaN, 1e308])),
  (random) => `${random.int(1000)}${random.pick(["", ".5", "e9", "ms", "%", " ", "-"])}`,
  (random) => `00-${hex(random, random.pick([32, 31, 0]))}-${hex(random, random.pick([16, 15]))}-${hex(random, 2)}`,
  (random) => "application/grpc" + random.pick(["", "+proto", ";", "json"]),
  (random) => oddText(random, random.size(65536)),
  () => "",
];

/** One random, often malformed request: odd bytes and sizes in names and values, many headers, missing pseudo-headers, big bodies. */
export function randomRequest(random: SeededRandom, maxBodyBytes: number): HttpRequestInput {
  const headers: Array<[string, string]> = [];
  const count = random.chance(0.05) ? random.int(400) : random.size(24);
  for (let i = 0; i < count; i++) headers.push([headerName(random), headerValue(random)]);
  const omitted = (
    [":authority", ":path", ":method", ":scheme"] as const
  ).filter(() => random.chance(0.03));
  return {
    method: random.chance(0.8) ? random.pick(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]) : oddText(random, random.size(40)),
    path: randomPath(random),
    authority: random.chance(0.9) ? random.pick(["localhost", "example.com", "reviews.default.svc:9080"]) : oddText(random, random.size(300)),
    headers,
    body: random.chance(0.3) ? randomBody(random, maxBodyBytes) : undefined,
    omitPseudoHeaders: omitted.length > 0 ? omitted : undefined,
  };
}

function headerName(random: SeededRandom): string {
  if (random.chance(0.6)) return random.pick(INTERESTING_HEADERS);
  if (random.chance(0.7)) return token(random, 1 + random.size(40)).toLowerCase();
  return oddText(random, 1 + random.size(200));
}

function headerValue(random: SeededRandom): string {
  return random.pick(VALUE_SHAPES)(random);
}

function randomPath(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.5) {
    const segments = Array.from({ length: random.size(12) }, () => token(random, random.size(16)));
    const query = random.chance(0.5) ? `?${Array.from({ length: random.size(40) }, () => `${token(random, random.size(8))}=${token(random, random.size(16))}`).join("&")}` : "";
    return `/${segments.join("/")}${query}`;
  }
  if (roll < 0.8) return `/${oddText(random, random.size(4096))}`;
  return oddText(random, random.size(256));
}

function randomBody(random: SeededRandom, maxBodyBytes: number): string | Uint8Array {
  const size = random.chance(0.1) ? random.int(maxBodyBytes + 1) : random.size(4096);
  if (random.chance(0.5)) return oddText(random, size);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = random.int(256);
  return bytes;
}

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&'*+";
const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";

function token(random: SeededRandom, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += TOKEN_CHARS[random.int(TOKEN_CHARS.length)];
  return text;
}

function base64ish(random: SeededRandom, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += BASE64_CHARS[random.int(BASE64_CHARS.length)];
  return text;
}

function hex(random: SeededRandom, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += "0123456789abcdefABCDEFxyz"[random.int(random.chance(0.9) ? 16 : 25)];
  return text;
}

/**
 * Text with the characters parsers trip on: NUL and control characters,
 * separators, quotes, backslashes, non-ASCII, astral characters and lone
 * surrogates (which reach the filter as U+FFFD, as invalid UTF-8 would).
 */
function oddText(random: SeededRandom, length: number): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const roll = random.next();
    if (roll < 0.55) parts.push(String.fromCharCode(0x20 + random.int(0x5f)));
    else if (roll < 0.7) parts.push(String.fromCharCode(random.int(0x20)));
    else if (roll < 0.8) parts.push(random.pick(['"', "\\", ";", "=", ",", "%", "%00", "%zz", "{", "[", "}", "]", ".", "/", "*"]));
    else if (roll < 0.9) parts.push(String.fromCharCode(0x80 + random.int(0x780)));
    else if (roll < 0.95) parts.push(String.fromCodePoint(0x10000 + random.int(0xfffff)));
    else parts.push(String.fromCharCode(0xd800 + random.int(0x800)));
  }
  return parts.join("");
}
