// The known name nearest to a misspelt one ("audience" -> "audiences"), so
// an unknown field or value can say what was probably meant. Distance is the
// optimal string alignment distance (insertions, deletions, substitutions and
// swaps of neighbours), ASCII case ignored; configuration time only.

/** Longest name compared; longer ones are cut (bounds the work on hostile input). */
const MAX_COMPARED = 64;

/** The candidate nearest to `name` (the first one on ties); "" when there is none. */
export function nearestName(name: string, candidates: string[]): string {
  let best = "";
  let bestDistance = i32.MAX_VALUE;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = unchecked(candidates[i]);
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** True when `candidate` is close enough to `name` to be a likely typo of it. */
export function isCloseName(name: string, candidate: string): bool {
  const longest = max(name.length, candidate.length);
  return editDistance(name, candidate) <= max(1, min(3, longest / 3));
}

/** Optimal string alignment distance between `a` and `b`, ASCII case ignored. */
export function editDistance(a: string, b: string): i32 {
  const n = min(a.length, MAX_COMPARED);
  const m = min(b.length, MAX_COMPARED);
  const width = m + 1;
  // Three rows of the dynamic-programming table: two back (for swaps), one back, current.
  let older = new Array<i32>(width);
  let previous = new Array<i32>(width);
  let current = new Array<i32>(width);
  for (let j = 0; j <= m; j++) unchecked((previous[j] = j));
  for (let i = 1; i <= n; i++) {
    unchecked((current[0] = i));
    const ai = foldCase(a.charCodeAt(i - 1));
    for (let j = 1; j <= m; j++) {
      const bj = foldCase(b.charCodeAt(j - 1));
      const cost = ai == bj ? 0 : 1;
      let best = min(unchecked(previous[j]) + 1, unchecked(current[j - 1]) + 1);
      best = min(best, unchecked(previous[j - 1]) + cost);
      if (i > 1 && j > 1 && ai == foldCase(b.charCodeAt(j - 2)) && foldCase(a.charCodeAt(i - 2)) == bj) {
        best = min(best, unchecked(older[j - 2]) + 1);
      }
      unchecked((current[j] = best));
    }
    const spare = older;
    older = previous;
    previous = current;
    current = spare;
  }
  return unchecked(previous[m]);
}

function foldCase(code: i32): i32 {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}
