// The Pike VM: simulates the program's NFA on all paths at once. At each
// input position it holds a set of program counters (a "thread list")
// with at most one entry per instruction, so each position costs
// O(program size) and a whole match O(input length x program size), with
// no backtracking. All memory (two sparse sets and a stack, each sized to
// the program) is allocated once per compiled pattern and reused: a match
// allocates nothing.
//
// The loop works on raw addresses (see program.ts for why): `lists` holds
// five arrays of `size` i32 each: denseA, sparseA, denseB, sparseB, stack.

import { Assertion } from "./ast";
import { decodeUtf16, decodeUtf8, stepRune, stepWidth } from "./input-decoding";
import { isWordRune } from "./named-classes";
import { argA, argB, classContains, Op, opAt, Program } from "./program";

/** "No code point": before the start or past the end of the input. */
const NO_RUNE: i32 = -1;
const NEWLINE: i32 = 0x0a;
const LIST_ARRAYS: i32 = 5;

/** Set by `follow` when it reaches Match. A global, not a field: wasm runs one match at a time. */
let matchReached = false;

export class PikeVm {
  /** Keeps the program image alive while the VM reads it by address. */
  private readonly program: Program;
  private readonly lists: StaticArray<i32>;

  constructor(program: Program) {
    this.program = program;
    this.lists = new StaticArray<i32>(program.length * LIST_ARRAYS);
  }

  /**
   * Runs over [ptr, end). `T` is u8 for UTF-8 input, u16 for UTF-16.
   * `whole`: the match must start at ptr and end at end; otherwise a match
   * anywhere counts.
   */
  run<T>(ptr: usize, end: usize, whole: bool): bool {
    return runProgram<T>(this.program.imagePtr, changetype<usize>(this.lists), this.program.length, ptr, end, whole);
  }
}

function runProgram<T>(image: usize, lists: usize, size: i32, ptr: usize, end: usize, whole: bool): bool {
  const arrayBytes = <usize>size << 2;
  let dense = lists;
  let sparse = lists + arrayBytes;
  let nextDense = lists + 2 * arrayBytes;
  let nextSparse = lists + 3 * arrayBytes;
  const stack = lists + 4 * arrayBytes;
  let previous = NO_RUNE;
  let step: u32 = ptr < end ? decode<T>(ptr, end) : 0;
  let rune = ptr < end ? stepRune(step) : NO_RUNE;
  matchReached = false;
  let count = follow(image, dense, sparse, 0, stack, 0, previous, rune);
  while (true) {
    if (matchReached && (!whole || ptr >= end)) return true;
    if (ptr >= end) return false;
    if (whole && count == 0) return false;
    const nextPtr = ptr + stepWidth(step);
    const nextStep: u32 = nextPtr < end ? decode<T>(nextPtr, end) : 0;
    const nextRune = nextPtr < end ? stepRune(nextStep) : NO_RUNE;
    matchReached = false;
    let nextCount = 0;
    for (let i = 0; i < count; i++) {
      const pc = load<i32>(dense + (<usize>i << 2));
      if (accepts(image, pc, rune)) nextCount = follow(image, nextDense, nextSparse, nextCount, stack, pc + 1, rune, nextRune);
    }
    if (!whole) nextCount = follow(image, nextDense, nextSparse, nextCount, stack, 0, rune, nextRune);
    const swapDense = dense;
    const swapSparse = sparse;
    dense = nextDense;
    sparse = nextSparse;
    nextDense = swapDense;
    nextSparse = swapSparse;
    count = nextCount;
    previous = rune;
    rune = nextRune;
    step = nextStep;
    ptr = nextPtr;
  }
}

/** Sparse-set membership (Briggs & Torczon): O(1) insert and test, O(1) clear by count = 0. */
// @ts-ignore: decorator
@inline
function has(dense: usize, sparse: usize, count: i32, pc: i32): bool {
  const index = load<i32>(sparse + (<usize>pc << 2));
  return <u32>index < <u32>count && load<i32>(dense + (<usize>index << 2)) == pc;
}

/** Puts `pc` at position `index` of the dense array (index = the count before the insert). */
// @ts-ignore: decorator
@inline
function insert(dense: usize, sparse: usize, index: i32, pc: i32): void {
  store<i32>(sparse + (<usize>pc << 2), index);
  store<i32>(dense + (<usize>index << 2), pc);
}

/**
 * Adds `start` and everything reachable from it without consuming input
 * (the epsilon closure) to the list; returns the new count. Each pc is
 * marked when pushed, so the stack never holds more entries than the
 * program has instructions.
 */
function follow(image: usize, dense: usize, sparse: usize, count: i32, stack: usize, start: i32, previous: i32, rune: i32): i32 {
  if (has(dense, sparse, count, start)) return count;
  insert(dense, sparse, count++, start);
  store<i32>(stack, start);
  let top = 1;
  while (top > 0) {
    top--;
    const pc = load<i32>(stack + (<usize>top << 2));
    const op = opAt(image, pc);
    let target1 = -1;
    let target2 = -1;
    if (op == Op.Jump) {
      target1 = argA(image, pc);
    } else if (op == Op.Split) {
      target1 = argA(image, pc);
      target2 = argB(image, pc);
    } else if (op == Op.Assert) {
      if (assertionHolds(<Assertion>argA(image, pc), previous, rune)) target1 = pc + 1;
    } else if (op == Op.Match) {
      matchReached = true;
    }
    if (target2 >= 0 && !has(dense, sparse, count, target2)) {
      insert(dense, sparse, count++, target2);
      store<i32>(stack + (<usize>top << 2), target2);
      top++;
    }
    if (target1 >= 0 && !has(dense, sparse, count, target1)) {
      insert(dense, sparse, count++, target1);
      store<i32>(stack + (<usize>top << 2), target1);
      top++;
    }
  }
  return count;
}

// @ts-ignore: decorator
@inline
function decode<T>(ptr: usize, end: usize): u32 {
  if (sizeof<T>() == 1) return decodeUtf8(ptr, end);
  return decodeUtf16(ptr, end);
}

/** True when the consuming instruction at `pc` accepts `rune` (control instructions never do). */
// @ts-ignore: decorator
@inline
function accepts(image: usize, pc: i32, rune: i32): bool {
  switch (opAt(image, pc)) {
    case Op.Rune: return argA(image, pc) == rune;
    case Op.Class: return classContains(image, argA(image, pc), rune);
    case Op.AnyChar: return true;
    case Op.AnyNotNewline: return rune != NEWLINE;
  }
  return false;
}

function assertionHolds(assertion: Assertion, previous: i32, rune: i32): bool {
  switch (assertion) {
    case Assertion.BeginText: return previous == NO_RUNE;
    case Assertion.EndText: return rune == NO_RUNE;
    case Assertion.BeginLine: return previous == NO_RUNE || previous == NEWLINE;
    case Assertion.EndLine: return rune == NO_RUNE || rune == NEWLINE;
    case Assertion.WordBoundary: return isWordRune(previous) != isWordRune(rune);
    case Assertion.NotWordBoundary: return isWordRune(previous) == isWordRune(rune);
  }
  return false;
}
