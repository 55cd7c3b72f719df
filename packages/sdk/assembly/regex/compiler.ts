// Turns the parsed tree into a Program (Thompson's construction laid out
// as straight-line code). Repetitions are expanded (`a{3}` is `aaa`), so the
// size is computed first and a pattern over MAX_PROGRAM_SIZE is refused
// before anything is emitted: the program size bounds both the memory of
// the VM and its work per input character.

import { NodeKind, RegexNode, UNBOUNDED } from "./ast";
import { CharClass } from "./char-class";
import { MAX_PROGRAM_SIZE } from "./errors";
import { INSTRUCTION_WORDS, Op, Program } from "./program";

/** Instruction count of `node`, saturating just above MAX_PROGRAM_SIZE. */
function sizeOf(node: RegexNode, tooLarge: TooLarge): i64 {
  let size: i64 = 0;
  switch (node.kind) {
    case NodeKind.Empty: size = 0; break;
    case NodeKind.Literal:
    case NodeKind.Class:
    case NodeKind.AnyChar:
    case NodeKind.Assert: size = 1; break;
    case NodeKind.Concat:
    case NodeKind.Alternate: {
      for (let i = 0; i < node.children.length; i++) size += sizeOf(node.children[i], tooLarge);
      if (node.kind == NodeKind.Alternate) size += 2 * (node.children.length - 1);
      break;
    }
    case NodeKind.Repeat: size = repeatSize(node, sizeOf(node.children[0], tooLarge)); break;
  }
  if (size > MAX_PROGRAM_SIZE) {
    if (tooLarge.position < 0) tooLarge.position = node.position;
    return MAX_PROGRAM_SIZE + 1;
  }
  return size;
}

function repeatSize(node: RegexNode, child: i64): i64 {
  const min = <i64>node.min;
  if (node.max == UNBOUNDED) return min == 0 ? child + 2 : min * child + 1;
  return min * child + (<i64>node.max - min) * (child + 1);
}

/** Where the program first grew too large (the innermost node), or -1. */
export class TooLarge {
  position: i32 = -1;
}

/** Compiles `root`; null when it exceeds MAX_PROGRAM_SIZE (see `tooLarge.position`). */
export function compileProgram(root: RegexNode, tooLarge: TooLarge): Program | null {
  if (sizeOf(root, tooLarge) + 1 > MAX_PROGRAM_SIZE) {
    if (tooLarge.position < 0) tooLarge.position = root.position;
    return null;
  }
  const emitter = new Emitter();
  emitter.node(root);
  emitter.emit(Op.Match, 0, 0);
  return new Program(emitter.code, emitter.classes);
}

class Emitter {
  code: Array<i32> = [];
  classes: Array<CharClass> = [];

  get pc(): i32 {
    return this.code.length / INSTRUCTION_WORDS;
  }

  emit(op: Op, a: i32, b: i32): i32 {
    const at = this.pc;
    this.code.push(op);
    this.code.push(a);
    this.code.push(b);
    return at;
  }

  patchA(at: i32, target: i32): void {
    this.code[at * INSTRUCTION_WORDS + 1] = target;
  }

  patchB(at: i32, target: i32): void {
    this.code[at * INSTRUCTION_WORDS + 2] = target;
  }

  node(node: RegexNode): void {
    switch (node.kind) {
      case NodeKind.Empty: break;
      case NodeKind.Literal: this.emit(Op.Rune, <i32>node.rune, 0); break;
      case NodeKind.Class: this.charClass(node.charClass!); break;
      case NodeKind.AnyChar: this.emit(node.dotMatchesNewline ? Op.AnyChar : Op.AnyNotNewline, 0, 0); break;
      case NodeKind.Assert: this.emit(Op.Assert, <i32>node.assertion, 0); break;
      case NodeKind.Concat: {
        for (let i = 0; i < node.children.length; i++) this.node(node.children[i]);
        break;
      }
      case NodeKind.Alternate: this.alternate(node.children); break;
      case NodeKind.Repeat: this.repeat(node.children[0], node.min, node.max); break;
    }
  }

  private charClass(charClass: CharClass): void {
    if (charClass.isSingleRune) {
      this.emit(Op.Rune, <i32>charClass.lo(0), 0);
    } else if (charClass.isEverything) {
      this.emit(Op.AnyChar, 0, 0);
    } else {
      this.emit(Op.Class, this.classes.length, 0);
      this.classes.push(charClass);
    }
  }

  /** split L1, next; L1: e1; jump end; next: split L2, ... ; last branch falls through. */
  private alternate(branches: Array<RegexNode>): void {
    const jumps = new Array<i32>();
    for (let i = 0; i < branches.length - 1; i++) {
      const split = this.emit(Op.Split, this.pc + 1, 0);
      this.node(branches[i]);
      jumps.push(this.emit(Op.Jump, 0, 0));
      this.patchB(split, this.pc);
    }
    this.node(branches[branches.length - 1]);
    for (let i = 0; i < jumps.length; i++) this.patchA(jumps[i], this.pc);
  }

  private repeat(child: RegexNode, min: i32, max: i32): void {
    if (max == UNBOUNDED) {
      if (min == 0) this.star(child);
      else this.atLeast(child, min);
      return;
    }
    for (let i = 0; i < min; i++) this.node(child);
    const exits = new Array<i32>();
    for (let i = min; i < max; i++) {
      exits.push(this.emit(Op.Split, this.pc + 1, 0));
      this.node(child);
    }
    for (let i = 0; i < exits.length; i++) this.patchB(exits[i], this.pc);
  }

  /** loop: split body, exit; body: e; jump loop; exit: */
  private star(child: RegexNode): void {
    const loop = this.emit(Op.Split, this.pc + 1, 0);
    this.node(child);
    this.emit(Op.Jump, loop, 0);
    this.patchB(loop, this.pc);
  }

  /** e{min-1} then body: e; split body, exit. */
  private atLeast(child: RegexNode, min: i32): void {
    for (let i = 1; i < min; i++) this.node(child);
    const body = this.pc;
    this.node(child);
    this.emit(Op.Split, body, this.pc + 1);
  }
}
