// What the filter knows about the Envoy node it runs in: `node.id` and the
// `node.metadata` members expressions name. They do not change while a VM
// lives, so each is read from the host once and remembered (the keys come
// from the configuration, so the cache is bounded).
//
// Current Envoy (checked on 1.40) answers the node under `xds.node` and
// NOT_FOUND for the older `node` path; older hosts (and the emulator) answer
// `node`. Both are tried, `xds.node` first.

import { getPropertyString } from "@envoyscript/sdk/assembly/properties";
import { Value } from "./expr/value";
import { structuredPropertyText } from "./structured-property";

export class NodeInfo {
  private readonly metadata: Map<string, Value> = new Map<string, Value>();
  private idRead: bool = false;
  private idValue: string | null = null;

  /** `node.id`, or null when the host has none. */
  id(): string | null {
    if (!this.idRead) {
      this.idRead = true;
      const current = getPropertyString(["xds", "node", "id"]);
      this.idValue = current !== null ? current : getPropertyString(["node", "id"]);
    }
    return this.idValue;
  }

  /** `node.metadata[key]` as text, absent when the key is missing. */
  metadataValue(key: string): Value {
    if (this.metadata.has(key)) return this.metadata.get(key);
    let value = structuredPropertyText(["xds", "node", "metadata", key]);
    if (!value.present) value = structuredPropertyText(["node", "metadata", key]);
    this.metadata.set(key, value);
    return value;
  }
}
