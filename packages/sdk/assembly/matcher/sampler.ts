// Deciding per request whether it falls in a Percentage. Draws come from
// `Math.random`, which the build preset seeds from the host's random source
// (WASI `random_get`), so every VM draws a different sequence.

import { PER_MILLION, Percentage } from "./percentage";

/** A uniform draw in [0, 1,000,000). */
export function drawPerMillion(): u32 {
  const draw = <u32>(Math.random() * <f64>PER_MILLION);
  // Math.random is below 1, so the draw is below a million; the min guards rounding.
  return draw < PER_MILLION ? draw : PER_MILLION - 1;
}

/** True for `percentage` of calls, at random. 0% and 100% never draw. */
export function sample(percentage: Percentage): bool {
  if (percentage.isNone) return false;
  if (percentage.isAll) return true;
  return percentage.includes(drawPerMillion());
}

/** True when a stable `hash` of a key falls in `percentage`: the same key always gets the same answer. */
export function sampleByHash(percentage: Percentage, hash: u32): bool {
  return percentage.includes(hash % PER_MILLION);
}
