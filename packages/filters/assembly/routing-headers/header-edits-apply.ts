// Applies header edits to a live header map (request or response), or folds
// them into the header list of a local response, in Envoy's order:
// remove, then set, then add.

import { HeaderMap, HeaderPair } from "@envoyscript/sdk/assembly";
import { HeaderEdits } from "./config/config";

/** Edits `map` in place: one hostcall per edit. */
export function applyEdits(edits: HeaderEdits, map: HeaderMap): void {
  if (edits.isEmpty) return;
  for (let i = 0; i < edits.toRemove.length; i++) map.remove(unchecked(edits.toRemove[i]));
  for (let i = 0; i < edits.toSet.length; i++) {
    const pair = unchecked(edits.toSet[i]);
    map.replace(pair.name, pair.value);
  }
  for (let i = 0; i < edits.toAdd.length; i++) {
    const pair = unchecked(edits.toAdd[i]);
    map.add(pair.name, pair.value);
  }
}

/** Adds the `set` and `add` edits to the headers of a local response (nothing there to remove). */
export function appendToLocalResponse(edits: HeaderEdits, headers: HeaderPair[]): void {
  for (let i = 0; i < edits.toSet.length; i++) {
    const pair = unchecked(edits.toSet[i]);
    removeNamed(headers, pair.name);
    headers.push(pair);
  }
  for (let i = 0; i < edits.toAdd.length; i++) headers.push(unchecked(edits.toAdd[i]));
}

function removeNamed(headers: HeaderPair[], name: string): void {
  for (let i = headers.length - 1; i >= 0; i--) {
    if (unchecked(headers[i]).name == name) headers.splice(i, 1);
  }
}
