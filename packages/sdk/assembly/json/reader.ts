// Reading a configuration field by field. Each accessor returns a usable
// value (the default when the field is wrong or absent) and records the
// first problem, with the field's path, in the document. After reading,
// check `config.failed` once and log `config.error` — one line naming the
// field and the reason:
//
//   const config = JsonConfig.parse(getPluginConfiguration());
//   const greeting = config.root.optionalString("greeting", "world");
//   const limit = config.root.optionalInt("limit", 100, 1, 10000);
//   if (config.failed) { log.error(config.error!.toString()); return false; }

import { JsonKind, JsonValue, describeKind, formatNumber, isWholeNumber, quoteJson } from "./value";
import { JsonError, JsonErrorCode } from "./error";
import { parseJsonBytes } from "./parser";

/** A parsed configuration and the first error found in it so far. */
export class JsonConfig {
  error: JsonError | null = null;
  constructor(public readonly value: JsonValue | null) {}

  /** The document's top level (an empty object for an empty configuration). */
  get root(): JsonField {
    return new JsonField(this, this.value, "$");
  }

  /**
   * Parses configuration bytes. Empty (or whitespace-only) input counts as
   * `{}`, so filters with optional settings work without configuration.
   */
  static parse(bytes: ArrayBuffer): JsonConfig {
    if (isBlank(bytes)) return new JsonConfig(JsonValue.newObject());
    const result = parseJsonBytes(bytes);
    const config = new JsonConfig(result.value);
    config.error = result.error;
    return config;
  }

  /** Parses configuration text (see {@link parse}). */
  static parseString(text: string): JsonConfig {
    return JsonConfig.parse(String.UTF8.encode(text));
  }

  /** True once any error was recorded. */
  get failed(): bool {
    return this.error !== null;
  }

  /** Records `code` at `path` unless an earlier error is already recorded. */
  report(code: string, path: string, reason: string): void {
    if (this.error === null) this.error = new JsonError(code, path, reason);
  }
}

/** A value at a path in a configuration; absent fields have a null value. */
export class JsonField {
  constructor(public readonly config: JsonConfig, public readonly value: JsonValue | null, public readonly path: string) {}

  /** True when the field exists (even if null). */
  get present(): bool {
    return this.value !== null;
  }

  /** Member `name` of this object (absent if this is not an object: reported as a type error). */
  field(name: string): JsonField {
    const value = this.value;
    if (value === null) return new JsonField(this.config, null, this.path + "." + name);
    if (!value.isObject()) {
      this.reportType("an object", value);
      return new JsonField(this.config, null, this.path + "." + name);
    }
    return new JsonField(this.config, value.get(name), this.path + "." + name);
  }

  /** Item `index` of this array. */
  item(index: i32): JsonField {
    const value = this.value;
    const path = this.path + "[" + index.toString() + "]";
    return new JsonField(this.config, value === null ? null : value.at(index), path);
  }

  /** Number of items of an array field (0 when absent; a type error if not an array). */
  arrayLength(): i32 {
    const value = this.value;
    if (value === null) return 0;
    if (!value.isArray()) {
      this.reportType("an array", value);
      return 0;
    }
    return value.length;
  }

  /** Member names of an object field (empty when absent; a type error if not an object). */
  keys(): string[] {
    const names = new Array<string>();
    const value = this.value;
    if (value === null) return names;
    if (!value.isObject()) {
      this.reportType("an object", value);
      return names;
    }
    for (let i = 0; i < value.length; i++) names.push(value.keyAt(i));
    return names;
  }

  /** Member `name` as a string, `fallback` when absent. */
  optionalString(name: string, fallback: string): string {
    return this.field(name).asString(fallback, false);
  }

  /** Member `name` as a string; reports E_JSON_MISSING when absent. */
  requiredString(name: string): string {
    return this.field(name).asString("", true);
  }

  /** Member `name` as a boolean, `fallback` when absent. */
  optionalBool(name: string, fallback: bool): bool {
    return this.field(name).asBool(fallback, false);
  }

  /** Member `name` as a number in [min, max], `fallback` when absent. */
  optionalNumber(name: string, fallback: f64, min: f64 = -Infinity, max: f64 = Infinity): f64 {
    return this.field(name).asNumber(fallback, min, max, false, false);
  }

  /** Member `name` as an integer in [min, max], `fallback` when absent. */
  optionalInt(name: string, fallback: i64, min: i64 = i64.MIN_VALUE, max: i64 = i64.MAX_VALUE): i64 {
    return <i64>this.field(name).asNumber(<f64>fallback, <f64>min, <f64>max, true, false);
  }

  /** Member `name` as an integer in [min, max]; reports E_JSON_MISSING when absent. */
  requiredInt(name: string, min: i64 = i64.MIN_VALUE, max: i64 = i64.MAX_VALUE): i64 {
    return <i64>this.field(name).asNumber(0, <f64>min, <f64>max, true, true);
  }

  /** Member `name` as an array of strings (empty when absent). */
  stringArray(name: string): string[] {
    const field = this.field(name);
    const result = new Array<string>();
    const count = field.arrayLength();
    for (let i = 0; i < count; i++) result.push(field.item(i).asString("", true));
    return result;
  }

  /** Member `name`, which must be one of `allowed`; `fallback` when absent. */
  optionalEnum(name: string, allowed: string[], fallback: string): string {
    const field = this.field(name);
    const text = field.asString(fallback, false);
    if (field.present && field.value!.isString() && !allowed.includes(text)) {
      this.config.report(JsonErrorCode.INVALID, field.path, "expected one of " + allowed.join(", ") + ", got " + quoteJson(text));
      return fallback;
    }
    return text;
  }

  /** This field as a string. */
  asString(fallback: string, required: bool): string {
    const value = this.value;
    if (value === null) return this.absent<string>(fallback, required);
    if (!value.isString()) return this.wrongType<string>("a string", value, fallback);
    return value.asString();
  }

  /** This field as a boolean. */
  asBool(fallback: bool, required: bool): bool {
    const value = this.value;
    if (value === null) return this.absent<bool>(fallback, required);
    if (!value.isBool()) return this.wrongType<bool>("a boolean", value, fallback);
    return value.asBool();
  }

  /** This field as a number in [min, max], optionally an integer. */
  asNumber(fallback: f64, min: f64, max: f64, integer: bool, required: bool): f64 {
    const value = this.value;
    if (value === null) return this.absent<f64>(fallback, required);
    if (!value.isNumber()) return this.wrongType<f64>(integer ? "an integer" : "a number", value, fallback);
    const number = value.asNumber();
    if (integer && !isWholeNumber(number)) return this.wrongType<f64>("an integer", value, fallback);
    if (number < min || number > max) {
      this.config.report(JsonErrorCode.RANGE, this.path, "expected a value between " + formatNumber(min) + " and " + formatNumber(max) + ", got " + formatNumber(number));
      return fallback;
    }
    return number;
  }

  private absent<T>(fallback: T, required: bool): T {
    if (required) this.config.report(JsonErrorCode.MISSING, this.path, "required field is missing");
    return fallback;
  }

  private reportType(expected: string, value: JsonValue): void {
    this.config.report(JsonErrorCode.TYPE, this.path, "expected " + expected + ", got " + describeValue(value));
  }

  private wrongType<T>(expected: string, value: JsonValue, fallback: T): T {
    this.reportType(expected, value);
    return fallback;
  }
}

/** `42`, `"text"`, `an object` — what a wrong value was, quoted when short. */
function describeValue(value: JsonValue): string {
  if (value.kind == JsonKind.Object || value.kind == JsonKind.Array) return describeKind(value.kind);
  const text = value.toString();
  return text.length <= 40 ? text : text.substring(0, 40) + "...";
}

function isBlank(bytes: ArrayBuffer): bool {
  const base = changetype<usize>(bytes);
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = load<u8>(base + <usize>i);
    if (byte != 0x20 && byte != 0x0a && byte != 0x0d && byte != 0x09) return false;
  }
  return true;
}
