// Repetition operators: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`. A `{` that
// does not form one of the brace forms is a literal, as in RE2.

import { UNBOUNDED } from "./ast";
import { MAX_REPEAT_COUNT, RegexErrorCode } from "./errors";
import { PatternReader } from "./pattern-reader";

export class RepeatOperator {
  constructor(public min: i32, public max: i32) {}
}

/**
 * Consumes the operator under the cursor. Returns null with the cursor
 * unchanged when there is none, or null after recording an error for a
 * count above MAX_REPEAT_COUNT or `{n,m}` with m < n.
 */
export function readRepeat(reader: PatternReader): RepeatOperator | null {
  const c = reader.peek();
  if (c == 0x2a /* * */) return consumed(reader, 1, 0, UNBOUNDED);
  if (c == 0x2b /* + */) return consumed(reader, 1, 1, UNBOUNDED);
  if (c == 0x3f /* ? */) return consumed(reader, 1, 0, 1);
  if (c != 0x7b /* { */) return null;
  return readBraces(reader);
}

function consumed(reader: PatternReader, length: i32, min: i32, max: i32): RepeatOperator {
  reader.pos += length;
  return new RepeatOperator(min, max);
}

function readBraces(reader: PatternReader): RepeatOperator | null {
  const start = reader.pos;
  let at = start + 1;
  const minEnd = digitsEnd(reader.pattern, at);
  if (minEnd == at) return null;
  const min = parseCount(reader.pattern, at, minEnd);
  at = minEnd;
  let max = min;
  if (charAt(reader.pattern, at) == 0x2c /* , */) {
    at++;
    const maxEnd = digitsEnd(reader.pattern, at);
    max = maxEnd == at ? UNBOUNDED : parseCount(reader.pattern, at, maxEnd);
    at = maxEnd;
  }
  if (charAt(reader.pattern, at) != 0x7d /* } */) return null;
  reader.pos = at + 1;
  if (min > MAX_REPEAT_COUNT || max > MAX_REPEAT_COUNT || (max != UNBOUNDED && max < min)) {
    reader.fail(
      RegexErrorCode.InvalidRepeatSize, start,
      "bad repetition operator \"" + reader.textFrom(start) + "\": counts must be at most " + MAX_REPEAT_COUNT.toString() + " and min <= max",
    );
    return null;
  }
  return new RepeatOperator(min, max);
}

function charAt(text: string, index: i32): i32 {
  return index < text.length ? <i32>text.charCodeAt(index) : -1;
}

function digitsEnd(text: string, from: i32): i32 {
  let at = from;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c < 0x30 || c > 0x39) break;
    at++;
  }
  return at;
}

/** Parses digits, saturating above MAX_REPEAT_COUNT so long numbers cannot overflow. */
function parseCount(text: string, from: i32, to: i32): i32 {
  let value = 0;
  for (let at = from; at < to; at++) {
    value = value * 10 + (text.charCodeAt(at) - 0x30);
    if (value > MAX_REPEAT_COUNT) return MAX_REPEAT_COUNT + 1;
  }
  return value;
}
