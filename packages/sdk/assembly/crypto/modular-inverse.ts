// 1/a mod m for an odd m by the binary extended Euclidean algorithm
// (Menezes, van Oorschot and Vanstone, Handbook of Applied Cryptography,
// algorithm 14.61, for odd moduli). Its running time depends on the
// values, so it is for public ones only: ECDSA verification inverts s,
// which is part of the signature. A few hundred shifts and subtractions,
// where Fermat's a^(m-2) costs hundreds of modular products.

import { addLimbs, compareLimbs, isZeroLimbs, subtractLimbs } from "./bigint";

/** 1/a mod m as `m.length` limbs, for an odd modulus m and a in [1, m - 1] with gcd(a, m) = 1 (m prime: any such a). */
export function inverseModOdd(a: StaticArray<u32>, m: StaticArray<u32>): StaticArray<u32> {
  const limbs = m.length;
  const u = new StaticArray<u32>(limbs);
  const v = new StaticArray<u32>(limbs);
  const x1 = new StaticArray<u32>(limbs);
  const x2 = new StaticArray<u32>(limbs);
  memory.copy(changetype<usize>(u), changetype<usize>(a), <usize>limbs << 2);
  memory.copy(changetype<usize>(v), changetype<usize>(m), <usize>limbs << 2);
  unchecked((x1[0] = 1));
  // Invariants: x1 a = u and x2 a = v (mod m), x1 and x2 in [0, m).
  while (!isOne(u) && !isOne(v)) {
    if (isZeroLimbs(u) || isZeroLimbs(v)) break; // gcd(a, m) > 1: not invertible (not for a prime m)
    while ((unchecked(u[0]) & 1) == 0) {
      halve(u, 0);
      halveModOdd(x1, m);
    }
    while ((unchecked(v[0]) & 1) == 0) {
      halve(v, 0);
      halveModOdd(x2, m);
    }
    if (compareLimbs(u, v, limbs) >= 0) {
      subtractLimbs(u, u, v, limbs);
      subtractModOdd(x1, x2, m);
    } else {
      subtractLimbs(v, v, u, limbs);
      subtractModOdd(x2, x1, m);
    }
  }
  return isOne(u) ? x1 : x2;
}

function isOne(value: StaticArray<u32>): bool {
  if (unchecked(value[0]) != 1) return false;
  for (let i = 1; i < value.length; i++) if (unchecked(value[i]) != 0) return false;
  return true;
}

/** value = (value + topBit 2^(32 limbs)) / 2 for an even sum. */
function halve(value: StaticArray<u32>, topBit: u32): void {
  const last = value.length - 1;
  for (let i = 0; i < last; i++) {
    unchecked((value[i] = (unchecked(value[i]) >> 1) | (unchecked(value[i + 1]) << 31)));
  }
  unchecked((value[last] = (unchecked(value[last]) >> 1) | (topBit << 31)));
}

/** x = x / 2 mod m: x / 2 when x is even, (x + m) / 2 otherwise. */
function halveModOdd(x: StaticArray<u32>, m: StaticArray<u32>): void {
  if ((unchecked(x[0]) & 1) == 0) {
    halve(x, 0);
    return;
  }
  const carry = addLimbs(x, x, m, x.length);
  halve(x, carry);
}

/** x = x - y mod m, for x and y in [0, m). */
function subtractModOdd(x: StaticArray<u32>, y: StaticArray<u32>, m: StaticArray<u32>): void {
  if (subtractLimbs(x, x, y, x.length) != 0) addLimbs(x, x, m, x.length);
}
