// The parsed form of a pattern: a small tree that the compiler turns into a
// program. One node class with a kind tag keeps the tree cheap to build and
// walk in AssemblyScript (no virtual dispatch, no casts).

import { CharClass } from "./char-class";

export enum NodeKind {
  /** Matches the empty string. */
  Empty = 0,
  /** One code point: `rune`. */
  Literal = 1,
  /** One code point from `charClass`. */
  Class = 2,
  /** Any code point (`dotMatchesNewline`) or any but `\n`. */
  AnyChar = 3,
  /** An empty-width assertion: `assertion`. */
  Assert = 4,
  /** `children` one after the other. */
  Concat = 5,
  /** One of `children`. */
  Alternate = 6,
  /** `children[0]` from `min` to `max` times (`max` = UNBOUNDED for no limit). */
  Repeat = 7,
}

/** Empty-width assertions, evaluated between two code points. */
export enum Assertion {
  /** `\A`, and `^` without `(?m)`. */
  BeginText = 0,
  /** `\z`, and `$` without `(?m)`. */
  EndText = 1,
  /** `^` under `(?m)`: start of text or after `\n`. */
  BeginLine = 2,
  /** `$` under `(?m)`: end of text or before `\n`. */
  EndLine = 3,
  /** `\b`: an ASCII word character on exactly one side. */
  WordBoundary = 4,
  /** `\B`: not at an ASCII word boundary. */
  NotWordBoundary = 5,
}

/** `max` of a repetition without an upper bound (`*`, `+`, `{n,}`). */
export const UNBOUNDED: i32 = -1;

export class RegexNode {
  kind: NodeKind = NodeKind.Empty;
  /** Offset in the pattern (UTF-16 code units) where this node starts, for error messages. */
  position: i32 = 0;
  rune: u32 = 0;
  charClass: CharClass | null = null;
  dotMatchesNewline: bool = false;
  assertion: Assertion = Assertion.BeginText;
  min: i32 = 0;
  max: i32 = 0;
  children: Array<RegexNode> = [];

  constructor(kind: NodeKind, position: i32) {
    this.kind = kind;
    this.position = position;
  }
}

export function emptyNode(position: i32): RegexNode {
  return new RegexNode(NodeKind.Empty, position);
}

export function literalNode(rune: u32, position: i32): RegexNode {
  const node = new RegexNode(NodeKind.Literal, position);
  node.rune = rune;
  return node;
}

export function classNode(charClass: CharClass, position: i32): RegexNode {
  const node = new RegexNode(NodeKind.Class, position);
  node.charClass = charClass;
  return node;
}

export function anyCharNode(dotMatchesNewline: bool, position: i32): RegexNode {
  const node = new RegexNode(NodeKind.AnyChar, position);
  node.dotMatchesNewline = dotMatchesNewline;
  return node;
}

export function assertNode(assertion: Assertion, position: i32): RegexNode {
  const node = new RegexNode(NodeKind.Assert, position);
  node.assertion = assertion;
  return node;
}

export function repeatNode(child: RegexNode, min: i32, max: i32, position: i32): RegexNode {
  const node = new RegexNode(NodeKind.Repeat, position);
  node.children.push(child);
  node.min = min;
  node.max = max;
  return node;
}

/** A concatenation or alternation; a single child stands for itself. */
export function listNode(kind: NodeKind, children: Array<RegexNode>, position: i32): RegexNode {
  if (children.length == 0) return emptyNode(position);
  if (children.length == 1) return children[0];
  const node = new RegexNode(kind, position);
  node.children = children;
  return node;
}
