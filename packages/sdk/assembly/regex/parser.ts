// Recursive-descent parser for RE2 syntax. Precedence, weakest first:
// alternation `|`, concatenation, repetition. Recursion happens only at
// groups, and group nesting is capped, so hostile patterns cannot overflow
// the wasm stack. Everything RE2 refuses is refused here with a position.

import {
  anyCharNode, Assertion, assertNode, classNode, emptyNode, literalNode,
  listNode, NodeKind, RegexNode, repeatNode,
} from "./ast";
import { CharClass } from "./char-class";
import { parseBracketClass } from "./class-parser";
import { hasOtherCase } from "./case-fold";
import { MAX_NESTING_DEPTH, RegexErrorCode } from "./errors";
import { parseGroupPrefix, GroupPrefix } from "./group-prefix";
import { perlClass } from "./named-classes";
import { PatternReader } from "./pattern-reader";
import { readRepeat, RepeatOperator } from "./repeat-operator";

/** `(?i)`: case-insensitive. */
export const FLAG_FOLD_CASE: i32 = 1;
/** `(?m)`: `^` and `$` also match at line breaks. */
export const FLAG_MULTI_LINE: i32 = 2;
/** `(?s)`: `.` also matches `\n`. */
export const FLAG_DOT_NEWLINE: i32 = 4;
/** `(?U)`: swaps greedy and lazy; no effect on a yes/no match. */
export const FLAG_UNGREEDY: i32 = 8;

export class Parser {
  readonly reader: PatternReader;
  private flags: i32 = 0;
  private depth: i32 = 0;
  /** Set when the last group was `(?flags)`: it changes flags and matches nothing. */
  private onlySetFlags: bool = false;

  constructor(pattern: string) {
    this.reader = new PatternReader(pattern);
  }

  /** The tree for the whole pattern, or null with the error in `reader`. */
  parse(): RegexNode | null {
    const root = this.parseAlternation();
    if (root === null) return null;
    if (!this.reader.atEnd) {
      this.reader.fail(RegexErrorCode.UnexpectedParen, this.reader.pos, "unexpected ) with no group open");
      return null;
    }
    return root;
  }

  private parseAlternation(): RegexNode | null {
    const start = this.reader.pos;
    const branches = new Array<RegexNode>();
    while (true) {
      const branch = this.parseConcat();
      if (branch === null) return null;
      branches.push(branch);
      if (this.reader.peek() != 0x7c /* | */) break;
      this.reader.pos++;
    }
    return listNode(NodeKind.Alternate, branches, start);
  }

  private parseConcat(): RegexNode | null {
    const reader = this.reader;
    const start = reader.pos;
    const items = new Array<RegexNode>();
    while (!reader.atEnd) {
      const c = reader.peek();
      if (c == 0x7c /* | */ || c == 0x29 /* ) */) break;
      if (c == 0x5c /* \ */ && reader.peek(1) == 0x51 /* Q */) {
        this.parseQuoted(items);
        if (items.length == 0) continue;
        const last = this.parseRepetition(items.pop());
        if (last === null) return null;
        items.push(last);
        continue;
      }
      const atom = this.parseAtom();
      if (atom === null) return null;
      if (this.onlySetFlags) {
        this.onlySetFlags = false;
        continue;
      }
      const repeated = this.parseRepetition(atom);
      if (repeated === null) return null;
      items.push(repeated);
    }
    return listNode(NodeKind.Concat, items, start);
  }

  /** `\Q...\E`: every character up to `\E` (or the end) is a literal. */
  private parseQuoted(items: Array<RegexNode>): void {
    const reader = this.reader;
    reader.pos += 2;
    while (!reader.atEnd) {
      if (reader.lookingAt("\\E")) {
        reader.pos += 2;
        return;
      }
      const position = reader.pos;
      items.push(this.literal(reader.readRune(), position));
    }
  }

  private parseRepetition(atom: RegexNode): RegexNode | null {
    const reader = this.reader;
    const start = reader.pos;
    const operator = readRepeat(reader);
    if (operator === null) return reader.failed ? null : atom;
    if (reader.peek() == 0x3f /* ? */) reader.pos++;
    const next = reader.pos;
    const following = readRepeat(reader);
    if (following !== null || reader.failed) {
      const possessive = reader.pattern.charCodeAt(next) == 0x2b; /* + */
      reader.clearError();
      reader.fail(
        RegexErrorCode.InvalidRepeatOperator, start,
        (possessive ? "possessive repetition \"" : "nested repetition operator \"") + reader.textFrom(start) + "\" is not supported",
      );
      return null;
    }
    return repeatNode(atom, operator.min, operator.max, start);
  }

  private parseAtom(): RegexNode | null {
    const reader = this.reader;
    const start = reader.pos;
    const c = reader.peek();
    switch (c) {
      case 0x28 /* ( */: return this.parseGroup();
      case 0x5b /* [ */: {
        const charClass = parseBracketClass(reader, (this.flags & FLAG_FOLD_CASE) != 0);
        return charClass === null ? null : classNode(charClass, start);
      }
      case 0x2e /* . */: {
        reader.pos++;
        return anyCharNode((this.flags & FLAG_DOT_NEWLINE) != 0, start);
      }
      case 0x5e /* ^ */: {
        reader.pos++;
        return assertNode(this.multiLine ? Assertion.BeginLine : Assertion.BeginText, start);
      }
      case 0x24 /* $ */: {
        reader.pos++;
        return assertNode(this.multiLine ? Assertion.EndLine : Assertion.EndText, start);
      }
      case 0x5c /* \ */: return this.parseEscape();
      case 0x2a /* * */:
      case 0x2b /* + */:
      case 0x3f /* ? */:
      case 0x7b /* { */: {
        if (readRepeat(reader) === null && !reader.failed) break;
        reader.clearError();
        reader.fail(RegexErrorCode.MissingRepeatArgument, start, "missing argument to repetition operator \"" + reader.textFrom(start) + "\"");
        return null;
      }
    }
    reader.pos = start;
    return this.literal(reader.readRune(), start);
  }

  private get multiLine(): bool {
    return (this.flags & FLAG_MULTI_LINE) != 0;
  }

  private parseGroup(): RegexNode | null {
    const reader = this.reader;
    const open = reader.pos;
    const prefix = parseGroupPrefix(reader, this.flags);
    if (prefix === null) return null;
    if (prefix.kind == GroupPrefix.SetFlags) {
      this.flags = prefix.flags;
      this.onlySetFlags = true;
      return emptyNode(open);
    }
    if (++this.depth > MAX_NESTING_DEPTH) {
      reader.fail(RegexErrorCode.NestingTooDeep, open, "groups nested deeper than " + MAX_NESTING_DEPTH.toString());
      return null;
    }
    const outerFlags = this.flags;
    this.flags = prefix.flags;
    const body = this.parseAlternation();
    this.flags = outerFlags;
    this.depth--;
    if (body === null) return null;
    if (reader.peek() != 0x29 /* ) */) {
      reader.fail(RegexErrorCode.MissingParen, open, "missing closing ) for the group at position " + open.toString());
      return null;
    }
    reader.pos++;
    return body;
  }

  private parseEscape(): RegexNode | null {
    const reader = this.reader;
    const start = reader.pos;
    const letter = reader.peek(1);
    switch (letter) {
      case 0x41 /* A */: return this.assertion(Assertion.BeginText, start);
      case 0x7a /* z */: return this.assertion(Assertion.EndText, start);
      case 0x62 /* b */: return this.assertion(Assertion.WordBoundary, start);
      case 0x42 /* B */: return this.assertion(Assertion.NotWordBoundary, start);
      case 0x70 /* p */:
      case 0x50 /* P */: {
        reader.failUnicodeClass();
        return null;
      }
    }
    if (letter > 0) {
      const named = perlClass(<u32>letter);
      if (named !== null) {
        reader.pos += 2;
        return this.classOf(named, start);
      }
    }
    reader.pos++;
    const rune = reader.readEscapedRune(start);
    return rune < 0 ? null : this.literal(<u32>rune, start);
  }

  private assertion(kind: Assertion, start: i32): RegexNode {
    this.reader.pos += 2;
    return assertNode(kind, start);
  }

  private classOf(charClass: CharClass, start: i32): RegexNode {
    if ((this.flags & FLAG_FOLD_CASE) != 0) charClass.foldCase();
    else charClass.normalize();
    return classNode(charClass, start);
  }

  /** A literal code point; under `(?i)` a class of its case forms. */
  private literal(rune: u32, start: i32): RegexNode {
    if ((this.flags & FLAG_FOLD_CASE) == 0 || !hasOtherCase(rune)) return literalNode(rune, start);
    return this.classOf(new CharClass().addRune(rune), start);
  }
}
