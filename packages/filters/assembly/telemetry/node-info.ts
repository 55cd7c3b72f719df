// What the filter knows about the Envoy node it runs in: `node.id` and the
// `node.metadata` members expressions name, through the SDK's node helpers
// (which ask Envoy 1.40's `xds.node` first and older hosts' `node` after).
// The node does not change while a VM lives, so each value is read on first
// use and kept for the life of the configuration: absence included (the
// SDK's own cache keeps only a node message it found, so a host without one
// would otherwise cost two property reads per request), and as the Value
// expressions evaluate to (members are named by the configuration, so the
// per-key cache is as small as the expressions).

import { JsonValue, node } from "@envoyscript/sdk/assembly";
import { Value } from "./expr/value";
import { jsonAttributeValue } from "./json-attribute";

export class NodeInfo {
  private idValue: Value | null = null;
  private metadataRead: bool = false;
  private metadata: JsonValue | null = null;
  private readonly memberValues: Map<string, Value> = new Map<string, Value>();

  /** `node.id`, absent when the host has none. */
  id(): Value {
    let value = this.idValue;
    if (value === null) {
      value = Value.ofString(node.id());
      this.idValue = value;
    }
    return value;
  }

  /** `node.metadata[key]` as text, absent when the key is missing. */
  metadataValue(key: string): Value {
    const members = this.memberValues;
    if (members.has(key)) return members.get(key);
    if (!this.metadataRead) {
      this.metadataRead = true;
      this.metadata = node.metadata();
    }
    const metadata = this.metadata;
    const value = jsonAttributeValue(metadata === null ? null : metadata.get(key));
    members.set(key, value);
    return value;
  }
}
