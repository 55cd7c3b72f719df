// Reads `headers: {request: {set, add, remove}, response: {set, add, remove}}`
// (Istio's Headers): `set` and `add` map names to values, `remove` lists names.

import { HeaderPair, JsonValue } from "@envoyscript/sdk/assembly";
import { memberPath, itemPath } from "@envoyscript/sdk/assembly/matcher";
import { HeaderActions, HeaderEdits } from "./config";
import { ConfigErrors } from "./config-errors";
import { checkHeaderName, checkHeaderValue } from "./header-syntax";

export const HEADERS_FIELDS: string[] = ["request", "response"];
export const HEADER_EDIT_FIELDS: string[] = ["set", "add", "remove"];

/** Reads a `headers` object at `path`; empty actions when `value` is null. */
export function readHeaderActions(value: JsonValue | null, path: string, errors: ConfigErrors): HeaderActions {
  const actions = new HeaderActions();
  if (value === null || !errors.object(value, path, HEADERS_FIELDS)) return actions;
  const request = value.get("request");
  if (request !== null) actions.request = readEdits(request, path + ".request", errors);
  const response = value.get("response");
  if (response !== null) actions.response = readEdits(response, path + ".response", errors);
  return actions;
}

function readEdits(value: JsonValue, path: string, errors: ConfigErrors): HeaderEdits {
  const edits = new HeaderEdits();
  if (!errors.object(value, path, HEADER_EDIT_FIELDS)) return edits;
  const set = value.get("set");
  if (set !== null) edits.toSet = readPairs(set, path + ".set", errors);
  const add = value.get("add");
  if (add !== null) edits.toAdd = readPairs(add, path + ".add", errors);
  const remove = value.get("remove");
  if (remove !== null && errors.array(remove, path + ".remove")) {
    for (let i = 0; i < remove.length; i++) {
      const namePath = itemPath(path + ".remove", i);
      edits.toRemove.push(checkHeaderName(errors.string(remove.at(i)!, namePath), namePath, errors));
    }
  }
  return edits;
}

function readPairs(value: JsonValue, path: string, errors: ConfigErrors): HeaderPair[] {
  const pairs = new Array<HeaderPair>();
  if (!value.isObject()) {
    errors.object(value, path, []);
    return pairs;
  }
  for (let i = 0; i < value.length; i++) {
    const name = value.keyAt(i);
    const entryPath = memberPath(path, name);
    const lowerName = checkHeaderName(name, entryPath, errors);
    const text = errors.string(value.at(i)!, entryPath);
    checkHeaderValue(text, entryPath, errors);
    pairs.push(new HeaderPair(lowerName, text));
  }
  return pairs;
}
