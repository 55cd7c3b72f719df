// The fuzzer's traffic: replayable from its seed, and still hostile now that
// long texts and bodies are slices of seeded pools rather than drawn anew for
// each request.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { HttpRequestInput } from "../../src/emulator/index.ts";
import { SeededRandom } from "../../src/fuzz/random.ts";
import { TrafficGenerator } from "../../src/fuzz/traffic.ts";

const MAX_BODY_BYTES = 256 * 1024;

function requests(seed: number, count: number): HttpRequestInput[] {
  const traffic = new TrafficGenerator(new SeededRandom(seed), MAX_BODY_BYTES);
  return Array.from({ length: count }, () => traffic.next());
}

/** Every field of a request, bodies byte for byte. */
const fingerprint = (request: HttpRequestInput): string =>
  createHash("sha256").update(JSON.stringify({ ...request, body: Buffer.from(bodyBytes(request)).toString("base64") })).digest("hex");
const headersOf = (request: HttpRequestInput): Array<[string, string]> => request.headers as Array<[string, string]>;
const bodyBytes = (request: HttpRequestInput): Uint8Array => (request.body === undefined ? new Uint8Array(0) : Buffer.from(request.body as Uint8Array));
const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};
const hasControlCharacter = (text: string): boolean => [...text].some((character) => character.charCodeAt(0) < 0x20);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("the fuzzer's traffic", () => {
  it("is the same request for request under the same seed, and another under another seed", () => {
    const first = requests(42, 3000).map(fingerprint);
    expect(requests(42, 3000).map(fingerprint)).toEqual(first);
    const other = requests(43, 3000).map(fingerprint);
    expect(other.filter((print, i) => print === first[i]).length).toBeLessThan(30);
  });

  it("keeps the hostile inputs: 60 KiB header values, hundreds of headers, invalid UTF-8, lone surrogates, missing pseudo-headers, big bodies", () => {
    const sample = requests(7, 20_000);
    const values = sample.flatMap((request) => headersOf(request).map(([, value]) => value));
    const bodies = sample.filter((request) => request.body !== undefined).map(bodyBytes);
    const counts = {
      headerValuesOver60KiB: values.filter((value) => Buffer.byteLength(value) > 60 * 1024).length,
      requestsWithOver300Headers: sample.filter((request) => headersOf(request).length > 300).length,
      valuesWithLoneSurrogates: values.filter((value) => LONE_SURROGATE.test(value)).length,
      valuesWithControlCharacters: values.filter(hasControlCharacter).length,
      pathsNotUtf8Text: sample.filter((request) => LONE_SURROGATE.test(request.path ?? "")).length,
      bodiesNotUtf8: bodies.filter((body) => !isUtf8(body)).length,
      bodiesOver200KiB: bodies.filter((body) => body.length > 200 * 1024).length,
      requestsMissingPseudoHeaders: sample.filter((request) => request.omitPseudoHeaders !== undefined).length,
      distinctLongValues: new Set(values.filter((value) => value.length > 1000)).size,
    };
    // Each is rare by design (most requests stay small, so the fuzzer is fast), never absent.
    for (const [name, count] of Object.entries(counts)) expect(count, name).toBeGreaterThanOrEqual(10);
    expect(counts.distinctLongValues, "long values are slices at random offsets, not one repeated text").toBeGreaterThan(0.9 * values.filter((value) => value.length > 1000).length);
  });
});
