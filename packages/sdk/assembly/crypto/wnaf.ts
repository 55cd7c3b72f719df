// Width-w non-adjacent form (wNAF) of a scalar: signed odd digits in
// (-2^(w-1), 2^(w-1)) with at least w-1 zeros after each non-zero one, so
// k*P needs about bits/(w+1) additions of the odd multiples P, 3P, 5P, ...
// (a negative digit adds the negated point, which costs nothing).

/**
 * The wNAF digits of the scalar `k` (limbs, unchanged), least significant
 * first; the array has one entry per bit plus one, trailing entries zero.
 */
export function wnafDigits(k: StaticArray<u32>, width: i32): StaticArray<i8> {
  const limbs = k.length;
  // One spare limb: subtracting a negative digit can carry past the top.
  const value = new StaticArray<u32>(limbs + 1);
  memory.copy(changetype<usize>(value), changetype<usize>(k), <usize>limbs << 2);
  const digits = new StaticArray<i8>((limbs << 5) + 1);
  const windowMask: u32 = (1 << <u32>width) - 1;
  const half: i32 = 1 << (width - 1);
  for (let i = 0; i < digits.length && !isZero(value); i++) {
    let digit: i32 = 0;
    if ((unchecked(value[0]) & 1) != 0) {
      digit = <i32>(unchecked(value[0]) & windowMask);
      if (digit >= half) digit -= 1 << width;
      // value -= digit, which clears the low w bits.
      if (digit > 0) subtractSmall(value, <u32>digit);
      else addSmall(value, <u32>-digit);
    }
    unchecked((digits[i] = <i8>digit));
    shiftRightOne(value);
  }
  return digits;
}

function isZero(value: StaticArray<u32>): bool {
  for (let i = 0; i < value.length; i++) if (unchecked(value[i]) != 0) return false;
  return true;
}

function subtractSmall(value: StaticArray<u32>, amount: u32): void {
  let borrow: u64 = <u64>amount;
  for (let i = 0; i < value.length && borrow != 0; i++) {
    const difference = <u64>unchecked(value[i]) - borrow;
    unchecked((value[i] = <u32>difference));
    borrow = (difference >> 32) & 1;
  }
}

function addSmall(value: StaticArray<u32>, amount: u32): void {
  let carry: u64 = <u64>amount;
  for (let i = 0; i < value.length && carry != 0; i++) {
    const sum = <u64>unchecked(value[i]) + carry;
    unchecked((value[i] = <u32>sum));
    carry = sum >> 32;
  }
}

function shiftRightOne(value: StaticArray<u32>): void {
  const last = value.length - 1;
  for (let i = 0; i < last; i++) {
    unchecked((value[i] = (unchecked(value[i]) >> 1) | (unchecked(value[i + 1]) << 31)));
  }
  unchecked((value[last] = unchecked(value[last]) >> 1));
}
