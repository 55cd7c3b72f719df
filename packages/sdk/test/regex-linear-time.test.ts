// Patterns that take exponential time in backtracking engines must finish
// quickly here (the test timeout is the only clock: no timed assertions)
// and give the right answer. Also checks that matching allocates nothing,
// using the stub runtime, which never reuses memory: any allocation would
// move the next allocation's address.
import { beforeAll, describe, expect, it } from "vitest";
import { HARNESS_BUILD_TIMEOUT_MS, loadRegexHarness, type RegexHarness } from "./regex-harness.ts";

let harness: RegexHarness;

beforeAll(async () => {
  harness = await loadRegexHarness("stub");
}, HARNESS_BUILD_TIMEOUT_MS);

const N = 50_000;
const ascii = (text: string) => new TextEncoder().encode(text);

interface Pathological {
  pattern: string;
  input: string;
  full: boolean;
  search: boolean;
}

const CASES: Pathological[] = [
  { pattern: "(a+)+$", input: "a".repeat(N), full: true, search: true },
  { pattern: "(a+)+$", input: "a".repeat(N) + "!", full: false, search: false },
  { pattern: "(a+)+b", input: "a".repeat(N), full: false, search: false },
  { pattern: "(a|aa)*b", input: "a".repeat(N), full: false, search: false },
  { pattern: "(a|aa)*b", input: "a".repeat(N) + "b", full: true, search: true },
  { pattern: "(x+x+)+y", input: "x".repeat(N), full: false, search: false },
  { pattern: "(x+x+)+y", input: "x".repeat(N) + "y", full: true, search: true },
  { pattern: "(a*)*b", input: "a".repeat(N), full: false, search: false },
  { pattern: "(.*a){20}", input: "a".repeat(N), full: true, search: true },
  { pattern: "(.*a){20}", input: "a".repeat(19) + "b".repeat(N), full: false, search: false },
  { pattern: "(?:a?){30}a{30}", input: "a".repeat(30), full: true, search: true },
  { pattern: "(?:a?){30}a{30}", input: "a".repeat(29), full: false, search: false },
  { pattern: "(\\w+\\s?)*$", input: "word ".repeat(N / 5) + "!", full: false, search: true },
  { pattern: "^(\\w+\\s?)*$", input: "word ".repeat(N / 5) + "!", full: false, search: false },
  { pattern: "(?i)(a|A)*(b|B)", input: "aA".repeat(N / 2), full: false, search: false },
  { pattern: "[a-z]{1,1000}x", input: "a".repeat(N / 5), full: false, search: false },
  { pattern: ".*.*.*.*.*=.*", input: "k".repeat(N), full: false, search: false },
];

describe("no catastrophic backtracking", () => {
  it.each(CASES.map((c) => [c.pattern, c.input.length, c] as const))("%s on %i characters", (_pattern, _length, c) => {
    const regex = harness.mustCompile(c.pattern);
    const bytes = ascii(c.input);
    expect({ full: regex.fullMatchUtf8(bytes), search: regex.searchUtf8(bytes) }).toEqual({ full: c.full, search: c.search });
    regex.release();
  });

  it("gives the same answer on UTF-16 string input", () => {
    const regex = harness.mustCompile("(a|aa)*b");
    expect(regex.fullMatch("a".repeat(N) + "b")).toBe(true);
    expect(regex.search("a".repeat(N))).toBe(false);
  });
});

describe("bounded memory", () => {
  it("matches without allocating", () => {
    const regex = harness.mustCompile("(?i)(a|b|[c-f]\\d)*x(y|z)+$");
    const input = "ab".repeat(2_000) + "c1X" + "yz".repeat(100);
    // The harness copies the input into one string per call; only the
    // matches themselves differ between the two calls.
    const first = harness.allocationProbe();
    expect(harness.fullMatchRepeatedly(regex, input, 1)).toBe(1);
    const second = harness.allocationProbe();
    expect(harness.fullMatchRepeatedly(regex, input, 200)).toBe(200);
    const third = harness.allocationProbe();
    expect(third - second).toBe(second - first);
  });

  it("refuses programs above MAX_PROGRAM_SIZE instead of growing without bound", () => {
    const result = harness.compile("(?:[a-z]{1000}){1000}");
    expect("codeName" in result && result.codeName).toBe("program-too-large");
  });
});
