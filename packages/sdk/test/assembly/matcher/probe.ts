// Test probe for the request matcher: JSON in, text out. Requests arrive as
// header pairs (pseudo-headers included), as the host would hand them over.

import { parseJsonBytes } from "../../../assembly/json/parser";
import { JsonValue } from "../../../assembly/json/value";
import { HeaderPair } from "../../../assembly/header-pairs";
import {
  PairsHeaderSource,
  RequestView,
  parsePercentage,
  parseRequestMatch,
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

/**
 * Input `{"match": <match list>, "requests": [[[name, value], ...], ...]}`;
 * output "error <MatchError>" or "ok " and one 1/0 per request.
 */
export function matchRequests(): void {
  const document = readInput();
  const result = parseRequestMatch(document.get("match"), "match");
  if (!result.ok) {
    emit("error " + result.error!.toString());
    return;
  }
  const requests = document.get("requests")!;
  let answers = "";
  for (let i = 0; i < requests.length; i++) {
    const view = new RequestView(new PairsHeaderSource(requestPairs(requests.at(i)!)));
    answers += result.match!.matches(view) ? "1" : "0";
  }
  emit("ok " + answers);
}

/** Input `{"pairs": [[name, value], ...], "part": "cookie"|"query"|"path"|"header", "key": "..."}`; output the value or "(null)". */
export function readPart(): void {
  const document = readInput();
  const view = new RequestView(new PairsHeaderSource(requestPairs(document.get("pairs")!)));
  const part = document.get("part")!.asString();
  const key = document.get("key")!.asString();
  let value: string | null = null;
  if (part == "cookie") value = view.cookie(key);
  else if (part == "query") value = view.queryParam(key);
  else if (part == "path") value = view.path();
  else value = view.header(key);
  emit(value === null ? "(null)" : "=" + value);
}

/** Input: a percentage's JSON; output "ok <per million> <text>" or "error <MatchError>". */
export function readPercentage(): void {
  const result = parsePercentage(readInput(), "p");
  if (!result.ok) emit("error " + result.error!.toString());
  else emit("ok " + result.percentage!.perMillion.toString() + " " + result.percentage!.toString());
}

/** How many of `draws` samples fall in a share of `perMillion`. */
export function countSamples(perMillion: u32, draws: i32): i32 {
  const share = new Percentage(perMillion);
  let hits = 0;
  for (let i = 0; i < draws; i++) if (sample(share)) hits++;
  return hits;
}
