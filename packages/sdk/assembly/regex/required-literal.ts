// A literal that every match must contain, found once at compile time. When
// the input lacks it, no match is possible and the automaton need not run:
// `.*beta=1.*` against a cookie header without "beta=1" costs one scan
// instead of a Pike VM pass over every character (RE2 and Rust's regex crate
// prefilter the same way). Only ASCII runes qualify, so the same units serve
// UTF-16 strings and UTF-8 bytes (an ASCII byte is never part of a longer
// UTF-8 sequence), and at most MAX_LITERAL of them, so the scan stays linear
// in the input whatever the pattern.

import { NodeKind, RegexNode } from "./ast";

const MAX_LITERAL: i32 = 16;
/** Shorter literals rule out too little to pay for the scan. */
const MIN_LITERAL: i32 = 2;

/** The ASCII code units of the longest literal run every match contains; empty when there is none worth scanning for. */
export function requiredLiteral(root: RegexNode): StaticArray<u16> {
  const items = new Array<RegexNode>();
  flattenConcat(root, items);
  let bestStart = 0;
  let bestLength = 0;
  let runStart = 0;
  for (let i = 0; i <= items.length; i++) {
    if (i < items.length && isAsciiLiteral(unchecked(items[i]))) continue;
    if (i - runStart > bestLength) {
      bestStart = runStart;
      bestLength = i - runStart;
    }
    runStart = i + 1;
  }
  const length = min(bestLength, MAX_LITERAL);
  if (length < MIN_LITERAL) return new StaticArray<u16>(0);
  const literal = new StaticArray<u16>(length);
  for (let i = 0; i < length; i++) unchecked(literal[i] = <u16>unchecked(items[bestStart + i]).rune);
  return literal;
}

/** The nodes matched one after the other at the top level, nested concatenations opened. */
function flattenConcat(node: RegexNode, out: Array<RegexNode>): void {
  if (node.kind != NodeKind.Concat) {
    out.push(node);
    return;
  }
  const children = node.children;
  for (let i = 0; i < children.length; i++) flattenConcat(unchecked(children[i]), out);
}

function isAsciiLiteral(node: RegexNode): bool {
  return node.kind == NodeKind.Literal && node.rune < 0x80;
}

/**
 * True when the input (code units of type T: u16 for strings, u8 for UTF-8)
 * from `ptr` to `end` contains `literal`, or `literal` is empty. At most
 * MAX_LITERAL comparisons per input position.
 */
export function containsLiteral<T>(literal: StaticArray<u16>, ptr: usize, end: usize): bool {
  const length = literal.length;
  if (length == 0) return true;
  const width = <usize>sizeof<T>();
  const first = <u32>unchecked(literal[0]);
  const last = end - <usize>length * width;
  for (let p = ptr; p <= last && last <= end; p += width) {
    if (<u32>load<T>(p) != first) continue;
    let i = 1;
    while (i < length && <u32>load<T>(p + <usize>i * width) == <u32>unchecked(literal[i])) i++;
    if (i == length) return true;
  }
  return false;
}
