// The RE2 behaviour table (regex-cases.ts) run through the compiled engine,
// plus the API contract: compile errors never trap, say where and why,
// and the module needs no host imports.
import { beforeAll, describe, expect, it } from "vitest";
import { MATCH_CASES, REJECT_CASES, UTF8_CASES } from "./regex-cases.ts";
import { HARNESS_BUILD_TIMEOUT_MS, isFailure, loadRegexHarness, type RegexHarness } from "./regex-harness.ts";

let harness: RegexHarness;

beforeAll(async () => {
  harness = await loadRegexHarness();
}, HARNESS_BUILD_TIMEOUT_MS);

const show = (text: string) => JSON.stringify(text.length > 60 ? text.slice(0, 57) + "..." : text);

describe("RE2 match cases", () => {
  it.each(MATCH_CASES.map((c) => [show(c.pattern), show(c.input), c] as const))(
    "%s on %s",
    (_pattern, _input, c) => {
      const regex = harness.mustCompile(c.pattern);
      expect({ full: regex.fullMatch(c.input), search: regex.search(c.input) }).toEqual({ full: c.full, search: c.search });
    },
  );
});

describe("UTF-8 byte input, including invalid sequences", () => {
  it.each(UTF8_CASES.map((c) => [show(c.pattern), c.bytes.map((b) => b.toString(16)).join(" "), c] as const))(
    "%s on bytes [%s]",
    (_pattern, _bytes, c) => {
      const regex = harness.mustCompile(c.pattern);
      const bytes = Uint8Array.from(c.bytes);
      expect({ full: regex.fullMatchUtf8(bytes), search: regex.searchUtf8(bytes) }).toEqual({ full: c.full, search: c.search });
    },
  );

  it("agrees with string input on every valid-UTF-8 match case", () => {
    const encoder = new TextEncoder();
    for (const c of MATCH_CASES.filter((c) => !/[\uD800-\uDFFF]/u.test(c.input))) {
      const regex = harness.mustCompile(c.pattern);
      const bytes = encoder.encode(c.input);
      expect([c.pattern, c.input, regex.fullMatchUtf8(bytes), regex.searchUtf8(bytes)]).toEqual([c.pattern, c.input, c.full, c.search]);
      regex.release();
    }
  });
});

describe("patterns RE2 refuses", () => {
  it.each(REJECT_CASES.map((c) => [show(c.pattern), c] as const))("%s", (_pattern, c) => {
    const result = harness.compile(c.pattern);
    expect(isFailure(result)).toBe(true);
    if (!isFailure(result)) return;
    expect({ codeName: result.codeName, position: result.position }).toEqual({ codeName: c.codeName, position: c.position });
    expect(result.message).toContain(`at position ${c.position}:`);
    expect(result.message).toContain(`[${c.codeName}]`);
  });

  it("quotes the pattern and says what to do", () => {
    const result = harness.compile("(?<=/api)v1");
    if (!isFailure(result)) throw new Error("lookbehind must be refused");
    expect(result.message).toBe(
      'invalid regex "(?<=/api)v1" at position 0: lookbehind "(?<=" is not supported (RE2 syntax) ' +
        "[unsupported-lookaround]; RE2 has no lookaround; rewrite the pattern without it",
    );
  });

  it("names the Unicode class it cannot handle", () => {
    const result = harness.compile("a\\p{Greek}+");
    if (!isFailure(result)) throw new Error("\\p{Greek} must be refused");
    expect(result.message).toContain('Unicode class "\\p{Greek}"');
  });

  it("keeps working after refusing patterns", () => {
    for (const c of REJECT_CASES) harness.compile(c.pattern);
    expect(harness.mustCompile("ok+").fullMatch("okkk")).toBe(true);
  });
});

describe("compiled program", () => {
  it("expands counted repetition up to RE2's limit of 1000", () => {
    expect(harness.mustCompile("a{1000}").programSize()).toBe(1001);
    expect(harness.mustCompile("a{2,5}").programSize()).toBe(2 + 3 * 2 + 1);
  });

  it("folds case at compile time into one class per letter", () => {
    expect(harness.mustCompile("(?i)abc").programSize()).toBe(harness.mustCompile("abc").programSize());
  });

  it("compiles case folding over huge negated classes", () => {
    const regex = harness.mustCompile("(?i)[^k]+");
    expect(regex.fullMatch("abcé😀")).toBe(true);
    expect(regex.search("K")).toBe(false);
  });

  it("accepts groups nested up to MAX_NESTING_DEPTH (100)", () => {
    const regex = harness.mustCompile("(a".repeat(100) + ")+".repeat(100));
    expect(regex.fullMatch("a".repeat(100))).toBe(true);
    expect(regex.fullMatch("a".repeat(99))).toBe(false);
    expect(regex.fullMatch("a".repeat(300))).toBe(true);
  });

  it("needs no host imports, so it runs in any proxy-wasm host", () => {
    expect(WebAssembly.Module.imports(harness.module)).toEqual([]);
  });
});
