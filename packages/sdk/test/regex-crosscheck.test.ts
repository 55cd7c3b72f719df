// Differential test against JavaScript's RegExp (with the `u` flag, so it
// also works on code points) on the subset where RE2 and ECMAScript agree:
// no inline flags, no \s (JS includes \v and Unicode spaces), no `\r` or
// U+2028 in inputs (JS `.` excludes them, RE2 only excludes `\n`), and no
// astral characters for patterns with `\B` (V8 tries `\B` between the two
// halves of a surrogate pair even in `u` mode; RE2 has no such position).
// For a yes/no answer, leftmost-first (JS) and any-match (Pike VM) agree.
import { beforeAll, describe, expect, it } from "vitest";
import { HARNESS_BUILD_TIMEOUT_MS, loadRegexHarness, type RegexHarness } from "./regex-harness.ts";

let harness: RegexHarness;

beforeAll(async () => {
  harness = await loadRegexHarness();
}, HARNESS_BUILD_TIMEOUT_MS);

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["a", "b", "c", "x", "1", "2", ".", "-", " ", "\n", "_", "é", "😀"];

function randomInput(next: () => number, maxLength: number): string {
  const length = Math.floor(next() * (maxLength + 1));
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];

const ATOMS = ["a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w", "\\W", "[\\d.-]", "é", "😀", "\\.", "x"];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?", "??"];
const ASSERTIONS = ["^", "$", "\\b", "\\B"];

/** A random pattern in the shared subset; quantifiers only follow atoms or groups, as both dialects require. */
function randomPattern(next: () => number, depth: number): string {
  const items = 1 + Math.floor(next() * 3);
  let concat = "";
  for (let i = 0; i < items; i++) {
    const roll = next();
    if (roll < 0.1) {
      concat += pick(next, ASSERTIONS);
      continue;
    }
    const atom = roll < 0.3 && depth > 0 ? `(${next() < 0.5 ? "?:" : ""}${randomPattern(next, depth - 1)})` : pick(next, ATOMS);
    concat += atom + pick(next, QUANTIFIERS);
  }
  if (depth > 0 && next() < 0.25) return `${concat}|${randomPattern(next, depth - 1)}`;
  return concat;
}

function expectSameAsRegExp(pattern: string, inputs: string[], foldCase = false): void {
  const regex = harness.mustCompile(foldCase ? `(?i)${pattern}` : pattern);
  const flags = foldCase ? "iu" : "u";
  const full = new RegExp(`^(?:${pattern})$`, flags);
  const partial = new RegExp(pattern, flags);
  const mismatches: string[] = [];
  const comparable = pattern.includes("\\B") ? inputs.map((input) => input.replace(/\p{Extended_Pictographic}/gu, "#")) : inputs;
  for (const input of comparable) {
    const expected = [full.test(input), partial.test(input)];
    const actual = [regex.fullMatch(input), regex.search(input)];
    if (expected[0] !== actual[0] || expected[1] !== actual[1]) {
      mismatches.push(`${JSON.stringify(input)}: RegExp full/search ${expected}, engine ${actual}`);
    }
  }
  regex.release();
  expect(mismatches, `pattern ${JSON.stringify(pattern)}`).toEqual([]);
}

const HAND_PICKED = [
  "a(b|c)*d", "(a|ab)(c|bcd)(d*)", "[a-c]+x?", "(?:ab|a)*b+", "a{2,4}b{0,2}", "\\d+\\.\\d*", "[^a-c]*",
  "(a*)*b", "x+x+1", "\\bab\\b", "\\Bb", "\\w+\\W\\w+", "^a|b$", ".b.", "(?:a|b|)+c", "[\\d.-]+",
  "(a|b)*abb", "a.*c", "[ab]{3}", ".{2,3}", "é+|😀", "[^\\w]", "a??b+?", "(?:\\.[a-z]+)+", "(?:😀|é)\\.?",
  "[a\\-z]+", "(?:(?:a|b)(?:1|2))+", "\\b\\w+\\b", "^$", "a{0}", "(?:a?){3}a{3}", "[😀-😂]",
];

describe("agrees with JavaScript RegExp", () => {
  it.each(HAND_PICKED)("%s on random inputs", (pattern) => {
    const next = random(pattern.length * 7919 + 1);
    const inputs = Array.from({ length: 300 }, () => randomInput(next, 10));
    expectSameAsRegExp(pattern, inputs);
  });

  it.each(HAND_PICKED)("(?i)%s against the i flag on mixed-case inputs", (pattern) => {
    const next = random(pattern.length * 104729 + 3);
    const inputs = Array.from({ length: 200 }, () => randomInput(next, 10)).map((input) =>
      [...input].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join(""),
    );
    expectSameAsRegExp(pattern, inputs, true);
  });

  it("on 300 random patterns with 60 random inputs each", () => {
    const next = random(20240501);
    for (let i = 0; i < 300; i++) {
      const pattern = randomPattern(next, 3);
      const inputs = Array.from({ length: 60 }, () => randomInput(next, 8));
      inputs.push(...inputs.slice(0, 5).map((input) => input.replaceAll("x", "a")));
      expectSameAsRegExp(pattern, inputs);
    }
  });
});
