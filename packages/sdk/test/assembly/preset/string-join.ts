// Probe for the preset's string building: joins `count` short strings the
// way a filter joins the pieces of a log line or an escaped value. Built as
// a filter is (the SDK's entry exports the ABI).
export * from "@envoyscript/sdk/assembly/proxy";

/** Joins `count` three-character strings; returns the joined length. */
export function joinParts(count: i32): i32 {
  const parts = new Array<string>(count);
  for (let index = 0; index < count; index++) parts[index] = "a\\b";
  return parts.join("").length;
}
