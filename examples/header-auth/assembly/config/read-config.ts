// Reads the configuration through the SDK's reader: each accessor names the
// field in its error, so this file only says what the fields are.
//
//   {"header": "x-api-key", "userHeader": "x-auth-user",
//    "keys": [{"key": "…", "user": "alice"}],
//    "public": [{"uri": {"prefix": "/health"}}]}

import { ConfigErrorCode, JsonField } from "@envoyscript/sdk/assembly";
import { sha256 } from "@envoyscript/sdk/assembly/crypto";
import { RequestMatch, readRequestMatch } from "@envoyscript/sdk/assembly/matcher";
import { ApiKey, ApiKeys, HeaderAuthConfig } from "./config";
import { HeaderAuthErrorCode } from "./codes";

export const FIELDS: string[] = ["header", "userHeader", "keys", "public"];
export const KEY_FIELDS: string[] = ["key", "user"];
const MIN_KEY_LENGTH = 16;

export function readHeaderAuthConfig(root: JsonField): HeaderAuthConfig {
  root.checkFields(FIELDS);
  const keyHeader = root.field("header").asHeaderName("x-api-key");
  const userHeader = root.field("userHeader").asHeaderName("x-auth-user");
  if (keyHeader == userHeader) root.field("userHeader").refuse(ConfigErrorCode.EXCLUSIVE, "must differ from \"header\"");
  return new HeaderAuthConfig(keyHeader, readKeys(root.field("keys")), userHeader, readPublic(root.field("public")));
}

/** The requests that need no key; null (none) when absent. An empty list would open everything: refused. */
function readPublic(field: JsonField): RequestMatch | null {
  if (!field.present) return null;
  if (field.arrayLength() == 0 && !field.config.failed) field.refuse(ConfigErrorCode.EMPTY, "an empty match would make every request public; list the public requests or remove \"public\"");
  return readRequestMatch(field);
}

function readKeys(field: JsonField): ApiKeys {
  field.require("list the API keys: [{\"key\": \"...\", \"user\": \"...\"}]");
  const items = field.items();
  if (field.present && items.length == 0) field.refuse(ConfigErrorCode.EMPTY, "list at least one key");
  const keys = new Array<ApiKey>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    item.checkFields(KEY_FIELDS);
    const keyField = item.field("key");
    const key = keyField.asString("", true);
    if (keyField.present && key.length < MIN_KEY_LENGTH) {
      keyField.refuse(HeaderAuthErrorCode.WEAK_KEY, "a key needs at least " + MIN_KEY_LENGTH.toString() + " characters, got " + key.length.toString());
    }
    const user = item.field("user").asNonEmptyString("", true);
    item.field("user").checkHeaderValue(user);
    keys.push(new ApiKey(sha256(Uint8Array.wrap(String.UTF8.encode(key))), user));
  }
  return new ApiKeys(keys);
}
