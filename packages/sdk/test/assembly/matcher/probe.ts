// Test probe for the request matcher: JSON in, text out. Requests arrive as
// header pairs (pseudo-headers included), as the host would hand them over.

import { parseJsonBytes } from "../../../assembly/json/parser";
import { JsonValue } from "../../../assembly/json/value";
import { JsonConfig } from "../../../assembly/config/reader";
import { HeaderPair, serializePairs } from "../../../assembly/header-pairs";
import {
  HeaderSource,
  PairsHeaderSource,
  SerializedHeaderSource,
  RequestView,
  firstSerializedValue,
  firstSerializedValueSpan,
  joinSerializedValues,
  readPercentage as readPercentageField,
  readRequestMatch,
  sample,
  Percentage,
} from "../../../assembly/matcher/index";

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

function readInput(): JsonValue {
  return parseJsonBytes(input).value!;
}

function requestPairs(request: JsonValue): HeaderPair[] {
  const pairs = new Array<HeaderPair>();
  for (let i = 0; i < request.length; i++) {
    const pair = request.at(i)!;
    pairs.push(new HeaderPair(pair.at(0)!.asString(), pair.at(1)!.asString()));
  }
  return pairs;
}

/** The request's headers as decoded pairs, or (`"source": "serialized"`) as the host's serialized bytes. */
function headerSource(document: JsonValue, pairs: JsonValue): HeaderSource {
  const source = document.get("source");
  const decoded = requestPairs(pairs);
  if (source !== null && source.asString() == "serialized") return new SerializedHeaderSource(serializePairs(decoded));
  return new PairsHeaderSource(decoded);
}

/**
 * Input `{"match": <match list>, "requests": [[[name, value], ...], ...]}`;
 * optional `"source": "serialized"`; output "error <ConfigError>" or "ok "
 * and one 1/0 per request.
 */
export function matchRequests(): void {
  const document = readInput();
  const config = new JsonConfig(document);
  const match = readRequestMatch(config.root.field("match"));
  const error = config.error;
  if (error !== null) {
    emit("error " + error.toString());
    return;
  }
  const requests = document.get("requests")!;
  let answers = "";
  for (let i = 0; i < requests.length; i++) {
    const view = new RequestView(headerSource(document, requests.at(i)!));
    answers += match.matches(view) ? "1" : "0";
  }
  emit("ok " + answers);
}

/**
 * Input `{"pairs": [[name, value], ...], "part": "cookie"|"query"|"path"|"header", "key": "..."}`
 * and optional `"source": "serialized"`; output the value or "(null)".
 */
export function readPart(): void {
  const document = readInput();
  const view = new RequestView(headerSource(document, document.get("pairs")!));
  const part = document.get("part")!.asString();
  const key = document.get("key")!.asString();
  let value: string | null = null;
  if (part == "cookie") value = view.cookie(key);
  else if (part == "query") value = view.queryParam(key);
  else if (part == "path") value = view.path();
  else value = view.header(key);
  emit(value === null ? "(null)" : "=" + value);
}

/** Input: `{"p": <percentage>}`; output "ok <per million> <text>" or "error <ConfigError>". */
export function readPercentage(): void {
  const config = new JsonConfig(readInput());
  const percentage = readPercentageField(config.root.field("p"), new Percentage(0));
  const error = config.error;
  if (error !== null) emit("error " + error.toString());
  else emit("ok " + percentage.perMillion.toString() + " " + percentage.toString());
}

/** How many of `draws` samples fall in a share of `perMillion`. */
export function countSamples(perMillion: u32, draws: i32): i32 {
  const share = new Percentage(perMillion);
  let hits = 0;
  for (let i = 0; i < draws; i++) if (sample(share)) hits++;
  return hits;
}

/**
 * Looks up `x-b` (2) or else `x-a` (1), or neither (0), in the serialized
 * map of x-a=1, x-b=22 with its last `cut` bytes removed.
 */
export function readTruncatedHeader(cut: i32): i32 {
  const whole = serializePairs([new HeaderPair("x-a", "1"), new HeaderPair("x-b", "22")]);
  const source = new SerializedHeaderSource(whole.slice(0, whole.byteLength - cut));
  if (source.values("x-b", ",") !== null) return 2;
  if (source.values("x-a", ",") !== null) return 1;
  return 0;
}

/**
 * Input: a u32 name length, the name's UTF-8, then a serialized header map
 * (bytes as the host sends them, malformed ones included); output
 * "=<first value>" or "(null)".
 */
export function firstValue(): void {
  const nameLength = <i32>load<u32>(changetype<usize>(input));
  const name = String.UTF8.decode(input.slice(4, 4 + nameLength));
  const value = firstSerializedValue(input.slice(4 + nameLength), name);
  emit(value === null ? "(null)" : "=" + value);
}

/** Input as firstValue's; output "<offset>:<length>" of the first value's bytes in the map, or "(none)". */
export function firstValueSpan(): void {
  const nameLength = <i32>load<u32>(changetype<usize>(input));
  const name = String.UTF8.decode(input.slice(4, 4 + nameLength));
  const span = firstSerializedValueSpan(input.slice(4 + nameLength), name);
  emit(span < 0 ? "(none)" : (span >>> 32).toString() + ":" + (span & 0xffffffff).toString());
}

/** Input as firstValue's; output "=<every value, joined by \", \">" or "(null)". */
export function joinedValues(): void {
  const nameLength = <i32>load<u32>(changetype<usize>(input));
  const name = String.UTF8.decode(input.slice(4, 4 + nameLength));
  const value = joinSerializedValues(input.slice(4 + nameLength), name, ", ");
  emit(value === null ? "(null)" : "=" + value);
}
