// A parsed JSON value. One class for every kind (AssemblyScript has no union
// types of classes that are cheap to test), with typed accessors that never
// trap: asking a number for a string gives "" and `isString()` tells why.

export enum JsonKind {
  Null = 0,
  Bool = 1,
  Number = 2,
  String = 3,
  Array = 4,
  Object = 5,
}

/** The JSON name of a kind, for error messages ("a string", "an object"). */
export function describeKind(kind: JsonKind): string {
  switch (kind) {
    case JsonKind.Null: return "null";
    case JsonKind.Bool: return "a boolean";
    case JsonKind.Number: return "a number";
    case JsonKind.String: return "a string";
    case JsonKind.Array: return "an array";
    default: return "an object";
  }
}

export class JsonValue {
  private boolValue: bool = false;
  private numberValue: f64 = 0;
  private stringValue: string = "";
  private items: JsonValue[] | null = null;
  private memberKeys: string[] | null = null;

  constructor(public readonly kind: JsonKind) {}

  static makeNull(): JsonValue {
    return new JsonValue(JsonKind.Null);
  }
  static fromBool(value: bool): JsonValue {
    const result = new JsonValue(JsonKind.Bool);
    result.boolValue = value;
    return result;
  }
  static fromNumber(value: f64): JsonValue {
    const result = new JsonValue(JsonKind.Number);
    result.numberValue = value;
    return result;
  }
  static fromString(value: string): JsonValue {
    const result = new JsonValue(JsonKind.String);
    result.stringValue = value;
    return result;
  }
  static newArray(): JsonValue {
    const result = new JsonValue(JsonKind.Array);
    result.items = new Array<JsonValue>();
    return result;
  }
  static newObject(): JsonValue {
    const result = new JsonValue(JsonKind.Object);
    result.items = new Array<JsonValue>();
    result.memberKeys = new Array<string>();
    return result;
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  /** The boolean, or false for other kinds. */
  asBool(): bool { return this.boolValue; }
  /** The number, or 0 for other kinds. */
  asNumber(): f64 { return this.numberValue; }
  /** The string, or "" for other kinds. */
  asString(): string { return this.stringValue; }

  /** Number of array items or object members; 0 for scalars. */
  get length(): i32 {
    const items = this.items;
    return items === null ? 0 : items.length;
  }

  /** Array item (or object member value) `index`, or null when out of range. */
  at(index: i32): JsonValue | null {
    const items = this.items;
    if (items === null || index < 0 || index >= items.length) return null;
    return unchecked(items[index]);
  }

  /** Object member key `index`, or "" when out of range or not an object. */
  keyAt(index: i32): string {
    const keys = this.memberKeys;
    if (keys === null || index < 0 || index >= keys.length) return "";
    return unchecked(keys[index]);
  }

  /** Member `key` of an object (the last one if repeated), or null. */
  get(key: string): JsonValue | null {
    const keys = this.memberKeys;
    if (keys === null) return null;
    for (let i = keys.length - 1; i >= 0; i--) {
      if (unchecked(keys[i]) == key) return unchecked(this.items!)[i];
    }
    return null;
  }

  /** True when the object has member `key`. */
  has(key: string): bool {
    return this.get(key) !== null;
  }

  /** Appends an item to an array (ignored for other kinds). */
  push(value: JsonValue): void {
    if (this.kind == JsonKind.Array) this.items!.push(value);
  }

  /** Appends a member to an object (ignored for other kinds). */
  set(key: string, value: JsonValue): void {
    if (this.kind != JsonKind.Object) return;
    this.memberKeys!.push(key);
    this.items!.push(value);
  }

  /** Compact JSON text of this value. */
  toString(): string {
    switch (this.kind) {
      case JsonKind.Null: return "null";
      case JsonKind.Bool: return this.boolValue ? "true" : "false";
      case JsonKind.Number: return formatNumber(this.numberValue);
      case JsonKind.String: return quoteJson(this.stringValue);
      case JsonKind.Array: return this.arrayText();
      default: return this.objectText();
    }
  }

  private arrayText(): string {
    const parts = new Array<string>();
    for (let i = 0; i < this.length; i++) parts.push(this.at(i)!.toString());
    return "[" + parts.join(",") + "]";
  }

  private objectText(): string {
    const parts = new Array<string>();
    for (let i = 0; i < this.length; i++) parts.push(quoteJson(this.keyAt(i)) + ":" + this.at(i)!.toString());
    return "{" + parts.join(",") + "}";
  }
}

/** A number as JSON writes it: integers without a fraction. */
export function formatNumber(value: f64): string {
  if (isWholeNumber(value) && Math.abs(value) < 9007199254740992) return (<i64>value).toString();
  return value.toString();
}

/** True for finite numbers without a fraction (AssemblyScript's `isInteger` tests the type, not the value). */
export function isWholeNumber(value: f64): bool {
  return isFinite(value) && Math.trunc(value) == value;
}

/** `text` as a JSON string literal. */
export function quoteJson(text: string): string {
  // One valid JSON string whatever the text holds: quotes and backslashes,
  // every control character (U+0000..U+001F, U+007F), the line separators
  // U+2028/U+2029 that break JavaScript readers, and lone UTF-16 surrogates
  // (replaced by U+FFFD: valid UTF-8 cannot produce them).
  const parts = new Array<string>();
  parts.push("\"");
  let runStart = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    let escape: string | null = null;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair passes through
        continue;
      }
      escape = "\uFFFD";
    } else if (code >= 0xd800 && code <= 0xdfff) {
      escape = "\uFFFD";
    } else {
      escape = escapeFor(code);
    }
    if (escape === null) continue;
    parts.push(text.substring(runStart, i));
    parts.push(escape);
    runStart = i + 1;
  }
  parts.push(text.substring(runStart));
  parts.push("\"");
  return parts.join("");
}

function escapeFor(code: i32): string | null {
  if (code == 0x22) return "\\\"";
  if (code == 0x5c) return "\\\\";
  if (code == 0x0a) return "\\n";
  if (code == 0x0d) return "\\r";
  if (code == 0x09) return "\\t";
  if (code < 0x20 || code == 0x7f || code == 0x2028 || code == 0x2029) return "\\u" + hex4(code);
  return null;
}

function hex4(code: i32): string {
  const digits = "0123456789abcdef";
  return digits.charAt((code >> 12) & 15) + digits.charAt((code >> 8) & 15) + digits.charAt((code >> 4) & 15) + digits.charAt(code & 15);
}
