// Case folding for `(?i)`, done once at compile time: a folded literal or
// class becomes a class holding every case form, so matching never has to
// map case. Uses AssemblyScript's own Unicode case tables (simple
// lower/upper mappings); the rare one-way folds that RE2 also applies
// (U+212A KELVIN SIGN for `k`, U+017F LONG S for `s`) are only reached when
// the pattern itself holds the special character.

import { casemap } from "~lib/util/casemap";

/** Code points above this have no case mapping in Unicode. */
const LAST_CASED_RUNE: u32 = 0x1ffff;

const TO_LOWER: i32 = 0;
const TO_UPPER: i32 = 1;

function lowerOf(rune: u32): u32 {
  if (rune < 0x80) return rune - 0x41 < 26 ? rune | 0x20 : rune;
  return <u32>casemap(rune, TO_LOWER) & 0x1fffff;
}

function upperOf(rune: u32): u32 {
  if (rune < 0x80) return rune - 0x61 < 26 ? rune & ~0x20 : rune;
  return <u32>casemap(rune, TO_UPPER) & 0x1fffff;
}

function pushIfOther(rune: u32, candidate: u32, out: Array<u32>): void {
  if (candidate != rune) out.push(candidate);
}

const BLOCK_SHIFT: u32 = 8;

/**
 * One flag per 256-code-point block: does any code point in it change case?
 * Computed on the first fold, so folding a huge class such as `(?i)\W`
 * only walks the few blocks that hold cased letters.
 */
let casedBlocks: StaticArray<bool> | null = null;

function blockHasCase(block: u32): bool {
  let blocks = casedBlocks;
  if (blocks === null) {
    blocks = new StaticArray<bool>((LAST_CASED_RUNE >> BLOCK_SHIFT) + 1);
    for (let rune: u32 = 0; rune <= LAST_CASED_RUNE; rune++) {
      if (lowerOf(rune) != rune || upperOf(rune) != rune) blocks[rune >> BLOCK_SHIFT] = true;
    }
    casedBlocks = blocks;
  }
  return blocks[block];
}

/** Appends to `out` the other case forms of each code point in [lo, hi]. */
export function foldRange(lo: u32, hi: u32, out: Array<u32>): void {
  const last = hi < LAST_CASED_RUNE ? hi : LAST_CASED_RUNE;
  // Literals and small ranges are folded directly; the block table pays off only for wide ranges.
  const skipUncasedBlocks = last >= lo && last - lo >= (1 << BLOCK_SHIFT);
  let rune = lo;
  while (rune <= last) {
    if (skipUncasedBlocks && !blockHasCase(rune >> BLOCK_SHIFT)) {
      rune = ((rune >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
      continue;
    }
    const lower = lowerOf(rune);
    const upper = upperOf(rune);
    pushIfOther(rune, lower, out);
    pushIfOther(rune, upper, out);
    pushIfOther(rune, upperOf(lower), out);
    pushIfOther(rune, lowerOf(upper), out);
    rune++;
  }
}

/** True when `rune` has another case form. */
export function hasOtherCase(rune: u32): bool {
  if (rune > LAST_CASED_RUNE) return false;
  return lowerOf(rune) != rune || upperOf(rune) != rune;
}
