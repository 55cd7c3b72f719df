// Reads `headers: {request: {set, add, remove}, response: {set, add, remove}}`
// (Istio's Headers): `set` and `add` map names to values, `remove` lists names.

import { ConfigErrorCode, HeaderPair, JsonField } from "@envoyscript/sdk/assembly";
import { HeaderActions, HeaderEdits } from "./config";

export const HEADERS_FIELDS: string[] = ["request", "response"];
export const HEADER_EDIT_FIELDS: string[] = ["set", "add", "remove"];

/** Reads a `headers` object; no edits when absent. */
export function readHeaderActions(field: JsonField): HeaderActions {
  if (!field.checkFields(HEADERS_FIELDS)) return HeaderActions.none();
  return new HeaderActions(readEdits(field.field("request")), readEdits(field.field("response")));
}

function readEdits(field: JsonField): HeaderEdits {
  if (!field.checkFields(HEADER_EDIT_FIELDS)) return HeaderEdits.none();
  const removals = field.field("remove").items();
  const toRemove = new Array<string>();
  for (let i = 0; i < removals.length; i++) {
    const removal = unchecked(removals[i]);
    if (!refusePseudo(removal, removal.asString("", true))) toRemove.push(removal.asHeaderName("", false, true));
  }
  return new HeaderEdits(toRemove, readPairs(field.field("set")), readPairs(field.field("add")));
}

/** `{name: value}`: names are writable header names (lower-cased), values header values. */
function readPairs(field: JsonField): HeaderPair[] {
  const members = field.members();
  const pairs = new Array<HeaderPair>();
  for (let i = 0; i < members.length; i++) {
    const member = unchecked(members[i]);
    const name = refusePseudo(member, member.name) ? "" : member.nameAsHeaderName();
    pairs.push(new HeaderPair(name, member.asHeaderValue("", true)));
  }
  return pairs;
}

/** Pseudo-headers are changed by `rewrite`, not edited: true (after refusing) when `name` is one. */
function refusePseudo(field: JsonField, name: string): bool {
  if (!name.startsWith(":")) return false;
  field.refuse(ConfigErrorCode.HEADER_NAME, "pseudo-header \"" + name + "\" cannot be edited here; use rewrite for :path and :authority");
  return true;
}
