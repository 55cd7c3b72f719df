// The compiled form: one flat i32 image that the Pike VM reads through a
// raw address. Keeping the hot path free of managed references matters in
// AssemblyScript: with the incremental GC, every managed value live across
// a call is spilled to a shadow stack, which tripled the cost per character.
//
// Image layout (in i32 words):
//   header:  [instruction count, class-starts offset, ascii offset, ranges offset]
//   code:    3 words per instruction: opcode, a, b
//   starts:  per class k, the index of its first range; one extra end entry
//   ascii:   per class, 4 words = a 128-bit membership bitmap for ASCII
//   ranges:  inclusive lo/hi pairs of all classes, class after class
// Control flow is explicit (Split, Jump); other instructions go on at pc + 1.

import { CharClass } from "./char-class";

export enum Op {
  /** Consume one code point equal to `a`. */
  Rune = 0,
  /** Consume one code point in class number `a`. */
  Class = 1,
  /** Consume any code point. */
  AnyChar = 2,
  /** Consume any code point except `\n`. */
  AnyNotNewline = 3,
  /** Continue at both `a` and `b`. */
  Split = 4,
  /** Continue at `a`. */
  Jump = 5,
  /** Continue at pc + 1 if assertion `a` holds here. */
  Assert = 6,
  /** The pattern matched. */
  Match = 7,
}

/** Words per instruction in the code section. */
export const INSTRUCTION_WORDS: i32 = 3;
const HEADER_WORDS: i32 = 4;
const ASCII_WORDS: i32 = 4;

export class Program {
  /** Owns the image; the VM reads it through `imagePtr`. */
  private readonly image: StaticArray<i32>;

  constructor(code: Array<i32>, classes: Array<CharClass>) {
    let rangeCount = 0;
    for (let k = 0; k < classes.length; k++) rangeCount += classes[k].rangeCount;
    const startsOffset = HEADER_WORDS + code.length;
    const asciiOffset = startsOffset + classes.length + 1;
    const rangesOffset = asciiOffset + classes.length * ASCII_WORDS;
    const image = new StaticArray<i32>(rangesOffset + rangeCount * 2);
    image[0] = code.length / INSTRUCTION_WORDS;
    image[1] = startsOffset;
    image[2] = asciiOffset;
    image[3] = rangesOffset;
    for (let i = 0; i < code.length; i++) image[HEADER_WORDS + i] = code[i];
    let range = 0;
    for (let k = 0; k < classes.length; k++) {
      const charClass = classes[k];
      image[startsOffset + k] = range;
      for (let i = 0; i < charClass.rangeCount; i++) {
        image[rangesOffset + range * 2] = <i32>charClass.lo(i);
        image[rangesOffset + range * 2 + 1] = <i32>charClass.hi(i);
        range++;
      }
      for (let rune: u32 = 0; rune < 128; rune++) {
        if (charClass.contains(rune)) image[asciiOffset + k * ASCII_WORDS + (rune >> 5)] |= 1 << (rune & 31);
      }
    }
    image[startsOffset + classes.length] = range;
    this.image = image;
  }

  /** Number of instructions. */
  get length(): i32 {
    return this.image[0];
  }

  /** Raw address of the image; valid while this Program is alive. */
  get imagePtr(): usize {
    return changetype<usize>(this.image);
  }
}

// @ts-ignore: decorator
@inline
function word(image: usize, index: i32): i32 {
  return load<i32>(image + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline
export function opAt(image: usize, pc: i32): Op {
  return word(image, HEADER_WORDS + pc * INSTRUCTION_WORDS);
}

// @ts-ignore: decorator
@inline
export function argA(image: usize, pc: i32): i32 {
  return word(image, HEADER_WORDS + pc * INSTRUCTION_WORDS + 1);
}

// @ts-ignore: decorator
@inline
export function argB(image: usize, pc: i32): i32 {
  return word(image, HEADER_WORDS + pc * INSTRUCTION_WORDS + 2);
}

/** Is `rune` in class `classIndex`? A bitmap test for ASCII, a binary search otherwise. */
export function classContains(image: usize, classIndex: i32, rune: i32): bool {
  if (rune < 128) {
    const bits = word(image, word(image, 2) + classIndex * ASCII_WORDS + (rune >> 5));
    return ((bits >>> (rune & 31)) & 1) != 0;
  }
  const starts = word(image, 1);
  const ranges = word(image, 3);
  let low = word(image, starts + classIndex);
  let high = word(image, starts + classIndex + 1) - 1;
  const value = <u32>rune;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (value < <u32>word(image, ranges + mid * 2)) high = mid - 1;
    else if (value > <u32>word(image, ranges + mid * 2 + 1)) low = mid + 1;
    else return true;
  }
  return false;
}
