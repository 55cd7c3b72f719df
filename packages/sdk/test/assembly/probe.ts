// Test probe: exposes the SDK's pure logic (JSON reader, Struct and Envoy message decoders,
// header-pair serialization) to vitest through an input and an output buffer.

import { parseJsonBytes } from "../../assembly/json/parser";
import { JsonConfig } from "../../assembly/config/reader";
import { decodeStruct } from "../../assembly/json/struct-proto";
import { decodeFilterMetadata, decodeNodeMetadata } from "../../assembly/json/envoy-proto";
import { HeaderPair, deserializePairs, deserializePairsBytes, serializePairs } from "../../assembly/header-pairs";

let input: ArrayBuffer = new ArrayBuffer(0);
let output: ArrayBuffer = new ArrayBuffer(0);

export function allocateInput(size: i32): usize {
  input = new ArrayBuffer(size);
  return changetype<usize>(input);
}

export function outputPointer(): usize {
  return changetype<usize>(output);
}

export function outputLength(): i32 {
  return output.byteLength;
}

function emit(text: string): void {
  output = String.UTF8.encode(text);
}

/** "ok <compact JSON>" or "error <message>". */
export function parse(): void {
  const result = parseJsonBytes(input);
  const error = result.error;
  emit(error === null ? "ok " + result.value!.toString() : "error " + error.code + " " + error.toString());
}

/** Reads a sample configuration schema; "ok name=...;greeting=...;limit=...;tags=a|b;debug=..." or "error <message>". */
export function readConfig(): void {
  const config = JsonConfig.parse(input);
  const root = config.root;
  root.checkFields(["name", "greeting", "limit", "tags", "debug", "mode", "upstream", "timeout"]);
  root.field("upstream").checkFields(["cluster"]);
  const timeoutMs = root.field("timeout").asDurationMs(1000, 60_000);
  const name = root.requiredString("name");
  const greeting = root.optionalString("greeting", "world");
  const limit = root.optionalInt("limit", 10, 1, 100);
  const tags = root.stringArray("tags");
  const debug = root.optionalBool("debug", false);
  const mode = root.optionalEnum("mode", ["allow", "deny"], "allow");
  const nested = root.field("upstream").optionalString("cluster", "none");
  const error = config.error;
  if (error !== null) {
    emit("error " + error.code + " " + error.line("probe"));
    return;
  }
  emit("ok name=" + name + ";greeting=" + greeting + ";limit=" + limit.toString() + ";tags=" + tags.join("|") +
    ";debug=" + (debug ? "true" : "false") + ";mode=" + mode + ";cluster=" + nested + ";timeoutMs=" + timeoutMs.toString());
}

/** The Struct in the input as compact JSON, or "null". */
export function decodeStructInput(): void {
  const value = decodeStruct(input);
  emit(value === null ? "null" : value.toString());
}

/** `metadata` of the serialized Node in the input as compact JSON, or "null". */
export function decodeNodeMetadataInput(): void {
  const value = decodeNodeMetadata(input);
  emit(value === null ? "null" : value.toString());
}

/**
 * Input: u32 name length, the filter name, then a serialized Metadata.
 * Output: `filter_metadata[name]` as compact JSON, or "null".
 */
export function decodeFilterMetadataInput(): void {
  const base = changetype<usize>(input);
  const nameLength = <i32>load<u32>(base);
  const name = String.UTF8.decodeUnsafe(base + 4, <usize>nameLength);
  const metadata = input.slice(4 + nameLength);
  const value = decodeFilterMetadata(metadata, name);
  emit(value === null ? "null" : value.toString());
}

/** Pairs in the input as "name=value;" entries. */
export function readPairs(): void {
  const pairs = deserializePairs(changetype<usize>(input), <usize>input.byteLength);
  let text = "";
  for (let i = 0; i < pairs.length; i++) text += pairs[i].name + "=" + pairs[i].value + ";";
  emit(text);
}

/** Number of raw-valued pairs in the input. */
export function countPairsBytes(): void {
  emit(deserializePairsBytes(changetype<usize>(input), <usize>input.byteLength).length.toString());
}

/** Serializes pairs given as "name=value" lines in the input. */
export function writePairs(): void {
  const lines = String.UTF8.decode(input).split("\n");
  const pairs = new Array<HeaderPair>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length == 0) continue;
    const split = line.indexOf("=");
    pairs.push(new HeaderPair(line.substring(0, split), line.substring(split + 1)));
  }
  output = serializePairs(pairs);
}
