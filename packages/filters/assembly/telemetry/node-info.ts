// What the filter knows about the Envoy node it runs in: `node.id` and the
// `node.metadata` members expressions name, through the SDK's node helpers
// (which ask Envoy 1.40's `xds.node` first and older hosts' `node` after, and
// decode the metadata once per VM). The id does not change while a VM lives,
// so it is read once too.

import { node } from "@envoyscript/sdk/assembly/attributes";
import { Value } from "./expr/value";
import { jsonAttributeValue } from "./json-attribute";

export class NodeInfo {
  private idRead: bool = false;
  private idValue: string | null = null;

  /** `node.id`, or null when the host has none. */
  id(): string | null {
    if (!this.idRead) {
      this.idRead = true;
      this.idValue = node.id();
    }
    return this.idValue;
  }

  /** `node.metadata[key]` as text, absent when the key is missing. */
  metadataValue(key: string): Value {
    const metadata = node.metadata();
    return jsonAttributeValue(metadata === null ? null : metadata.get(key));
  }
}
