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
const VALUE_SHAPES: readonly ((traffic: TrafficGenerator) => string)[] = [
  (t) => `Bearer ${t.base64ish(t.random.size(2048))}.${t.base64ish(t.random.size(4096))}.${t.base64ish(t.random.size(512))}`,
  (t) => `Bearer ${t.base64ish(t.random.size(64))}`,
  (t) => `Bearer ${t.jsonToken()}`,
  (t) => t.cookie(t.random.size(MAX_COOKIE_PAIRS)),
  (t) => String(t.random.pick([0, -1, 1, 99, 100, 101, 200, 503, 599, 600, 2 ** 31, 2 ** 53, Number.NaN, 1e308])),
  (t) => `${t.random.int(1000)}${t.random.pick(["", ".5", "e9", "ms", "%", " ", "-"])}`,
  (t) => `00-${hex(t.random, t.random.pick([32, 31, 0]))}-${hex(t.random, t.random.pick([16, 15]))}-${hex(t.random, 2)}`,
  (t) => "application/grpc" + t.random.pick(["", "+proto", ";", "json"]),
  (t) => t.oddText(t.random.size(MAX_HEADER_TEXT)),
  () => "",
];

/** The most JSON text in a token's header and payload together, in characters (base64url makes it 14.7 KiB: a token past 16 KiB is refused before parsing). */
const MAX_TOKEN_JSON = 11000;
/** JSON string content: escapes of every kind (a lone surrogate among them), the shortest most often, plain and non-ASCII characters. */
const JSON_STRING_PIECES = [...Array<string>(12).fill("\\n"), '\\"', "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\u0000", "\\t", "a", "é", "😀"];
const JWT_MEMBER_NAMES = ["alg", "kid", "typ", "crit", "iss", "sub", "aud", "exp", "nbf", "iat", "azp", "scope", "alg"];

/** The longest odd header value, in characters. */
const MAX_HEADER_TEXT = 65536;
/** The most `name=value` pairs in a cookie header. */
const MAX_COOKIE_PAIRS = 300;
/** How far past the longest text a pool reaches: the choice of offsets, even for the longest slice. */
const POOL_SLACK = 65536;
/** Cookie pairs past the most a header takes. */
const COOKIE_SLACK = 4096;

/**
 * Random, often malformed requests drawn from one seeded sequence: odd bytes
 * and sizes in names and values, many headers, missing pseudo-headers, big
 * bodies. Texts and bodies are slices, at random offsets and lengths, of
 * pools drawn once, character by character, from the same sequence: drawing
 * each request's texts anew (64 KiB header values, 256 KiB bodies) made the
 * fuzzer's own work most of a run's. The same seed gives the same pools and
 * the same requests.
 */
export class TrafficGenerator {
  private readonly oddPool: string;
  private readonly tokenPool: string;
  private readonly base64Pool: string;
  /** JSON string content, escapes mostly (JSON_STRING_PIECES). */
  private readonly jsonStringPool: string;
  /** `oddPool` in UTF-8. */
  private readonly oddBytes: Uint8Array;
  private readonly bytePool: Uint8Array;
  /** `name=value; name=value; ...`, and where each pair starts in it. */
  private readonly cookiePool: string;
  private readonly cookieStarts: number[] = [];

  constructor(
    readonly random: SeededRandom,
    private readonly maxBodyBytes: number,
  ) {
    this.oddPool = oddCharacters(random, Math.max(MAX_HEADER_TEXT, maxBodyBytes) + POOL_SLACK);
    this.tokenPool = charactersOf(random, TOKEN_CHARS, POOL_SLACK);
    this.base64Pool = charactersOf(random, BASE64_CHARS, 4096 + POOL_SLACK);
    this.jsonStringPool = Array.from({ length: (MAX_TOKEN_JSON + POOL_SLACK) / 2 }, () => random.pick(JSON_STRING_PIECES)).join("");
    this.oddBytes = Buffer.from(this.oddPool, "utf8");
    this.bytePool = randomBytes(random, maxBodyBytes + POOL_SLACK);
    const pairs = Array.from({ length: MAX_COOKIE_PAIRS + COOKIE_SLACK }, () => `${this.token(random.size(12))}=${this.token(random.size(20))}`);
    for (let i = 0, start = 0; i < pairs.length; start += pairs[i].length + 2, i++) this.cookieStarts.push(start);
    this.cookiePool = pairs.join("; ");
  }

  /** The next request of the sequence. */
  next(): HttpRequestInput {
    const { random } = this;
    const headers: Array<[string, string]> = [];
    const count = random.chance(0.05) ? random.int(400) : random.size(24);
    for (let i = 0; i < count; i++) headers.push([this.headerName(), random.pick(VALUE_SHAPES)(this)]);
    const omitted = ([":authority", ":path", ":method", ":scheme"] as const).filter(() => random.chance(0.03));
    return {
      method: random.chance(0.8) ? random.pick(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]) : this.oddText(random.size(40)),
      path: this.path(),
      authority: random.chance(0.9) ? random.pick(["localhost", "example.com", "reviews.default.svc:9080"]) : this.oddText(random.size(300)),
      headers,
      body: random.chance(0.3) ? this.body() : undefined,
      omitPseudoHeaders: omitted.length > 0 ? omitted : undefined,
    };
  }

  /**
   * Text with the characters parsers trip on: NUL and control characters,
   * separators, quotes, backslashes, non-ASCII, astral characters and lone
   * surrogates (which reach the filter as U+FFFD, as invalid UTF-8 would).
   */
  oddText(length: number): string {
    return slice(this.random, this.oddPool, length);
  }

  token(length: number): string {
    return slice(this.random, this.tokenPool, length);
  }

  base64ish(length: number): string {
    return slice(this.random, this.base64Pool, length);
  }

  /**
   * A token whose header and payload are JSON objects, base64url-encoded:
   * what a JWT verifier parses before it checks the signature (the
   * signature here is noise). Strings of escapes, deep arrays, odd numbers,
   * repeated members; sometimes cut short.
   */
  jsonToken(): string {
    // One budget for both: a token past 16 KiB is refused before any parsing.
    const header = this.jsonObject(MAX_TOKEN_JSON);
    const payload = this.jsonObject(Math.max(MAX_TOKEN_JSON - header.length, 64));
    const segment = (json: string): string => Buffer.from(json, "utf8").toString("base64url");
    return `${segment(header)}.${segment(payload)}.${this.base64ish(this.random.size(512))}`;
  }

  /** A JSON object of about `budget` characters at most. */
  private jsonObject(budget: number): string {
    const { random } = this;
    const members: string[] = [];
    let used = 2;
    for (let count = 1 + random.size(8); count > 0 && used < budget; count--) {
      const member = `"${random.pick(JWT_MEMBER_NAMES)}":${this.jsonValue(budget - used)}`;
      members.push(member);
      used += member.length + 1;
    }
    const text = `{${members.join(",")}}`;
    return random.chance(0.1) ? text.slice(0, random.int(text.length)) : text;
  }

  private jsonValue(budget: number): string {
    const { random } = this;
    const roll = random.next();
    if (roll < 0.5) {
      // Long strings often: a parser's cost per escape only shows on thousands of them.
      const length = random.chance(0.3) ? random.int(budget + 1) : random.size(budget);
      return `"${slice(random, this.jsonStringPool, length)}"`;
    }
    if (roll < 0.65) return String(random.pick([0, -1, 1.5, 1e21, 2 ** 53 + 1, 1e308]));
    if (roll < 0.75) {
      const depth = random.size(Math.min(300, budget >> 1));
      return "[".repeat(depth) + "]".repeat(depth);
    }
    if (roll < 0.85) return random.pick(['"RS256"', '"none"', '"HS256"', '"ES256"', "true", "null"]);
    return `[${Array.from({ length: random.size(Math.min(200, budget >> 5)) }, () => `"${slice(random, this.jsonStringPool, random.size(16))}"`).join(",")}]`;
  }

  /** `pairs` cookie pairs (`name=value; ...`), from a random one of the pool on. */
  cookie(pairs: number): string {
    if (pairs === 0) return "";
    const first = this.random.int(this.cookieStarts.length - pairs + 1);
    const last = first + pairs - 1;
    const end = last + 1 < this.cookieStarts.length ? this.cookieStarts[last + 1] - 2 : this.cookiePool.length;
    return this.cookiePool.slice(this.cookieStarts[first], end);
  }

  private headerName(): string {
    const { random } = this;
    if (random.chance(0.6)) return random.pick(INTERESTING_HEADERS);
    if (random.chance(0.7)) return this.token(1 + random.size(40)).toLowerCase();
    return this.oddText(1 + random.size(200));
  }

  private path(): string {
    const { random } = this;
    const roll = random.next();
    if (roll < 0.5) {
      const segments = Array.from({ length: random.size(12) }, () => this.token(random.size(16)));
      const query = random.chance(0.5) ? `?${Array.from({ length: random.size(40) }, () => `${this.token(random.size(8))}=${this.token(random.size(16))}`).join("&")}` : "";
      return `/${segments.join("/")}${query}`;
    }
    if (roll < 0.8) return `/${this.oddText(random.size(4096))}`;
    return this.oddText(random.size(256));
  }

  /**
   * Odd text as UTF-8 (cut anywhere, so often starting or ending inside a
   * character) or random bytes: a view of a pool, which is safe because the
   * emulator never writes into a body it was given.
   */
  private body(): Uint8Array {
    const { random } = this;
    const size = random.chance(0.1) ? random.int(this.maxBodyBytes + 1) : random.size(4096);
    const pool = random.chance(0.5) ? this.oddBytes : this.bytePool;
    const at = random.int(pool.length - size + 1);
    return pool.subarray(at, at + size);
  }
}

/** `length` characters of `pool` from a random offset. */
function slice(random: SeededRandom, pool: string, length: number): string {
  const at = random.int(pool.length - length + 1);
  return pool.slice(at, at + length);
}

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&'*+";
const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";
const SEPARATORS = ['"', "\\", ";", "=", ",", "%", "%00", "%zz", "{", "[", "}", "]", ".", "/", "*"];

function charactersOf(random: SeededRandom, alphabet: string, length: number): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(alphabet[random.int(alphabet.length)]);
  return parts.join("");
}

function hex(random: SeededRandom, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += "0123456789abcdefABCDEFxyz"[random.int(random.chance(0.9) ? 16 : 25)];
  return text;
}

/** `length` characters of odd text (see `TrafficGenerator.oddText`), drawn one by one. */
function oddCharacters(random: SeededRandom, length: number): string {
  const parts: string[] = [];
  let drawn = 0;
  while (drawn < length) {
    const roll = random.next();
    let part: string;
    if (roll < 0.55) part = String.fromCharCode(0x20 + random.int(0x5f));
    else if (roll < 0.7) part = String.fromCharCode(random.int(0x20));
    else if (roll < 0.8) part = random.pick(SEPARATORS);
    else if (roll < 0.9) part = String.fromCharCode(0x80 + random.int(0x780));
    else if (roll < 0.95) part = String.fromCodePoint(0x10000 + random.int(0xfffff));
    else part = String.fromCharCode(0xd800 + random.int(0x800));
    parts.push(part);
    drawn += part.length;
  }
  return parts.join("");
}

function randomBytes(random: SeededRandom, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random.int(256);
  return bytes;
}
