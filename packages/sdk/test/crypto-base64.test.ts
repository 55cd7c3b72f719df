// base64url and base64 against Node's Buffer encoder, and the strictness
// Node's own decoder lacks: anything but the canonical encoding is refused.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

const ascii = (text: string) => new TextEncoder().encode(text);

describe("base64url", () => {
  it("round-trips random bytes of 0..100 bytes the way Node encodes them", () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = Buffer.from(bytes).toString("base64url");
      expect(harness.base64UrlEncodeOf(bytes)).toBe(text);
      expect(harness.base64UrlDecodeOf(text), text).toEqual(bytes);
    }
  });

  it("decodes from a byte range without making a string", () => {
    const bytes = new Uint8Array(randomBytes(33));
    const token = ascii(`xx.${Buffer.from(bytes).toString("base64url")}.yy`);
    expect(harness.base64UrlDecodeBytesOf(token, 3, token.length - 3)).toEqual(bytes);
    expect(harness.base64UrlDecodeBytesOf(token, 0, token.length)).toBeNull();
    expect(harness.base64UrlDecodeBytesOf(token, -1, 4)).toBeNull();
    expect(harness.base64UrlDecodeBytesOf(token, 4, 3)).toBeNull();
    expect(harness.base64UrlDecodeBytesOf(token, 0, token.length + 1)).toBeNull();
  });

  it.each([
    ["padding", "Zg=="],
    ["a standard-alphabet '+'", "a+b-"],
    ["a standard-alphabet '/'", "ab/_"],
    ["a space", "Zm9v Yg"],
    ["a dot", "Zm9v.Yg"],
    ["a non-ASCII letter", "Zm9vé"],
    ["a NUL", "Zm9v\u0000"],
    ["a length of 4k+1", "Zm9vY"],
    ["a single character", "A"],
    ["non-zero leftover bits after 2 characters", "Zh"],
    ["non-zero leftover bits after 3 characters", "Zm9"],
  ])("refuses %s", (_, text) => {
    expect(harness.base64UrlDecodeOf(text)).toBeNull();
  });
});

describe("base64", () => {
  it("decodes the RFC 4648 section 10 test vectors", () => {
    const vectors: [string, string][] = [
      ["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(harness.base64DecodeOf(encoded)).toEqual(ascii(plain));
      expect(harness.base64EncodeOf(ascii(plain))).toBe(encoded);
    }
  });

  it("round-trips random bytes the way Node encodes them", () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = Buffer.from(bytes).toString("base64");
      expect(harness.base64EncodeOf(bytes)).toBe(text);
      expect(harness.base64DecodeOf(text), text).toEqual(bytes);
    }
  });

  it.each([
    ["missing padding", "Zg"],
    ["short padding", "Zg="],
    ["too much padding", "Z==="],
    ["padding in the middle", "Zg==Zg=="],
    ["padding first", "=Zm9"],
    ["url-alphabet characters", "ab-_"],
    ["non-zero leftover bits", "Zh=="],
    ["a newline", "Zm9v\nYmFy"],
  ])("refuses %s", (_, text) => {
    expect(harness.base64DecodeOf(text)).toBeNull();
  });
});
