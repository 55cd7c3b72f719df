// The configuration reader: one way to read a filter's JSON configuration.
// Each accessor returns a usable value (the fallback when the field is
// absent or wrong) and records the first problem, with the field's path, in
// the document; a reader walks the whole configuration without null checks
// and the SDK refuses it once at the end with one line (see ./error.ts).
//
//   const config = JsonConfig.parse(getPluginConfiguration());
//   const root = config.root;
//   root.checkFields(["greeting", "limit"]);
//   const greeting = root.field("greeting").asString("world");
//   const limit = root.field("limit").asInteger(100, 1, 10000);
//   if (config.failed) log.error(config.error!.line("my-filter"));
//
// Filters extending FilterRoot get this for free: `readConfig(root)` reads
// through the fields, the SDK logs the line and refuses.

import { JsonKind, JsonValue, describeKind, formatNumber, isWholeNumber, quoteJson } from "../json/value";
import { parseJsonBytes } from "../json/parser";
import { Regex } from "../regex/regex";
import { lowerAscii } from "../text/ascii-case";
import { ConfigError, ConfigErrorCode } from "./error";
import { itemPath, memberPath } from "./path";
import { isCloseName, nearestName } from "./nearest";
import { formatDuration, parseDuration } from "./duration";
import { headerNameProblem, headerValueProblem } from "./header-syntax";

/** A parsed configuration and the first problem found in it so far. */
export class JsonConfig {
  error: ConfigError | null = null;

  constructor(public readonly value: JsonValue | null) {}

  /** The document's top level (an empty object for an empty configuration). */
  get root(): JsonField {
    return new JsonField(this, this.value, "", "");
  }

  /**
   * Parses configuration bytes. Empty (or whitespace-only) input counts as
   * `{}`, so filters whose settings are all optional work without any.
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

  /** True once any problem was recorded. */
  get failed(): bool {
    return this.error !== null;
  }

  /** Records a problem at `path` unless an earlier one is recorded (the first one is reported). */
  report(code: string, path: string, reason: string): void {
    if (this.error === null) this.error = new ConfigError(code, path, reason);
  }
}

/** A value at a path of a configuration; an absent field has a null value. */
export class JsonField {
  constructor(
    public readonly config: JsonConfig,
    public readonly value: JsonValue | null,
    /** The field's path (`rules[2].name`); "" for the document itself. */
    public readonly path: string,
    /** The member name this field was reached by ("" for array items and the root). */
    public readonly name: string,
  ) {}

  /** True when the field exists (even if null). */
  get present(): bool {
    return this.value !== null;
  }

  // ---- navigation

  /** Member `name` of this object (absent when this field is absent; a type error when it is not an object). */
  field(name: string): JsonField {
    const value = this.value;
    const path = memberPath(this.path, name);
    if (value === null) return new JsonField(this.config, null, path, name);
    if (!value.isObject()) {
      this.reportType("an object", value);
      return new JsonField(this.config, null, path, name);
    }
    return new JsonField(this.config, value.get(name), path, name);
  }

  /** Item `index` of this array (absent when out of range or not an array). */
  item(index: i32): JsonField {
    const value = this.value;
    return new JsonField(this.config, value === null ? null : value.at(index), itemPath(this.path, index), "");
  }

  /** Number of items of this array (0 when absent; a type error when not an array). */
  arrayLength(): i32 {
    const value = this.value;
    if (value === null) return 0;
    if (!value.isArray()) {
      this.reportType("an array", value);
      return 0;
    }
    return value.length;
  }

  /** The items of this array (none when absent; a type error when not an array). */
  items(): JsonField[] {
    const count = this.arrayLength();
    const items = new Array<JsonField>(count);
    for (let i = 0; i < count; i++) unchecked((items[i] = this.item(i)));
    return items;
  }

  /** The members of this object, in document order (none when absent; a type error when not an object). */
  members(): JsonField[] {
    const members = new Array<JsonField>();
    const value = this.value;
    if (value === null) return members;
    if (!value.isObject()) {
      this.reportType("an object", value);
      return members;
    }
    for (let i = 0; i < value.length; i++) {
      const key = value.keyAt(i);
      members.push(new JsonField(this.config, value.at(i), memberPath(this.path, key), key));
    }
    return members;
  }

  /** Member names of this object (empty when absent; a type error when not an object). */
  keys(): string[] {
    const members = this.members();
    const names = new Array<string>(members.length);
    for (let i = 0; i < members.length; i++) unchecked((names[i] = unchecked(members[i]).name));
    return names;
  }

  // ---- shape

  /**
   * Checks that this field is an object whose members are all in `known`.
   * An unknown member is reported at its own path, naming the nearest known
   * name and listing them all. True when the field is present and passed.
   */
  checkFields(known: string[]): bool {
    const value = this.value;
    if (value === null) return false;
    if (!value.isObject()) {
      this.reportType("an object", value);
      return false;
    }
    for (let i = 0; i < value.length; i++) {
      const key = value.keyAt(i);
      if (known.includes(key)) continue;
      const reason = known.length == 0
        ? "unknown field " + quoteShort(key) + "; this object takes no fields"
        : "unknown field " + quoteShort(key) + "; did you mean " + quoteJson(nearestName(key, known)) + "? expected one of " + known.join(", ");
      this.config.report(ConfigErrorCode.UNKNOWN_FIELD, memberPath(this.path, key), reason);
      return false;
    }
    return true;
  }

  /** Reports a missing field (E_CONFIG_MISSING, with `hint` saying what to give) unless present; returns `present`. */
  require(hint: string = ""): bool {
    if (this.value !== null) return true;
    this.config.report(ConfigErrorCode.MISSING, this.path, hint.length == 0 ? "required field is missing" : "required field is missing; " + hint);
    return false;
  }

  /** Records `reason` with `code` at this field's path (unless an earlier problem is recorded). */
  refuse(code: string, reason: string): void {
    this.config.report(code, this.path, reason);
  }

  // ---- scalars

  /** This field as a string, `fallback` when absent. */
  asString(fallback: string = "", required: bool = false): string {
    const value = this.value;
    if (value === null) return this.absent<string>(fallback, required);
    if (!value.isString()) return this.wrongType<string>("a string", value, fallback);
    return value.asString();
  }

  /** This field as a non-empty string, `fallback` when absent (E_CONFIG_EMPTY for ""). */
  asNonEmptyString(fallback: string = "", required: bool = false): string {
    const text = this.asString(fallback, required);
    if (this.present && text.length == 0 && this.value!.isString()) this.refuse(ConfigErrorCode.EMPTY, "must not be empty");
    return text;
  }

  /** This field as a boolean, `fallback` when absent. */
  asBool(fallback: bool = false, required: bool = false): bool {
    const value = this.value;
    if (value === null) return this.absent<bool>(fallback, required);
    if (!value.isBool()) return this.wrongType<bool>("a boolean", value, fallback);
    return value.asBool();
  }

  /** This field as a number in [min, max] (optionally a whole one), `fallback` when absent. */
  asNumber(fallback: f64, min: f64 = -Infinity, max: f64 = Infinity, integer: bool = false, required: bool = false): f64 {
    const value = this.value;
    if (value === null) return this.absent<f64>(fallback, required);
    if (!value.isNumber()) return this.wrongType<f64>(integer ? "an integer" : "a number", value, fallback);
    const number = value.asNumber();
    if (integer && !isWholeNumber(number)) return this.wrongType<f64>("an integer", value, fallback);
    if (number < min || number > max) {
      this.refuse(ConfigErrorCode.RANGE, "expected " + (integer ? "an integer" : "a number") + " from " + formatNumber(min) + " to " + formatNumber(max) + ", got " + formatNumber(number));
      return fallback;
    }
    return number;
  }

  /** This field as an integer in [min, max], `fallback` when absent. */
  asInteger(fallback: i64, min: i64 = i64.MIN_VALUE, max: i64 = i64.MAX_VALUE, required: bool = false): i64 {
    return <i64>this.asNumber(<f64>fallback, <f64>min, <f64>max, true, required);
  }

  /** This field as one of `allowed` (a near miss is named), `fallback` when absent. */
  asEnum(allowed: string[], fallback: string, required: bool = false): string {
    const value = this.value;
    if (value === null) return this.absent<string>(fallback, required);
    if (!value.isString()) return this.wrongType<string>("one of " + allowed.join(", "), value, fallback);
    const text = value.asString();
    if (allowed.includes(text)) return text;
    const nearest = nearestName(text, allowed);
    const hint = nearest.length > 0 && isCloseName(text, nearest) ? "; did you mean " + quoteJson(nearest) + "?" : "";
    this.refuse(ConfigErrorCode.ENUM, "expected one of " + allowed.join(", ") + ", got " + quoteShort(text) + hint);
    return fallback;
  }

  /** This field as a duration ("200ms", "1.5s", "2m", "1h") in milliseconds, at most `maxMs`; `fallbackMs` when absent. */
  asDurationMs(fallbackMs: i64, maxMs: i64, required: bool = false): i64 {
    const value = this.value;
    if (value === null) return this.absent<i64>(fallbackMs, required);
    if (!value.isString()) return this.wrongType<i64>("a duration string such as \"200ms\"", value, fallbackMs);
    const text = value.asString();
    const parsed = parseDuration(text);
    if (!parsed.ok) {
      this.refuse(ConfigErrorCode.DURATION, parsed.reason + ", got " + quoteShort(text));
      return fallbackMs;
    }
    if (parsed.milliseconds > maxMs) {
      this.refuse(ConfigErrorCode.RANGE, "longer than the maximum of " + formatDuration(maxMs) + ", got " + quoteShort(text));
      return fallbackMs;
    }
    return parsed.milliseconds;
  }

  /** This field as a regular expression (RE2 syntax, linear-time matching), compiled once; null when absent or refused. */
  asRegex(required: bool = false): Regex | null {
    const text = this.asString("", required);
    if (!this.present || this.config.failed) return null;
    const compiled = Regex.compile(text);
    if (!compiled.ok) {
      this.refuse(ConfigErrorCode.REGEX, compiled.error);
      return null;
    }
    return compiled.regex;
  }

  /** This field as a header name, lower-cased; pseudo-headers (`:authority`) only when `allowPseudo`. */
  asHeaderName(fallback: string = "", allowPseudo: bool = false, required: bool = false): string {
    const name = this.asString(fallback, required);
    if (!this.present || !this.value!.isString()) return name;
    const problem = headerNameProblem(name, allowPseudo);
    if (problem.length > 0) {
      this.refuse(ConfigErrorCode.HEADER_NAME, problem);
      return fallback;
    }
    return lowerAscii(name);
  }

  /**
   * This member's own name as a header name, lower-cased: for objects that
   * map header names to values (`{"x-user": ...}`).
   */
  nameAsHeaderName(allowPseudo: bool = false): string {
    const problem = headerNameProblem(this.name, allowPseudo);
    if (problem.length > 0) this.refuse(ConfigErrorCode.HEADER_NAME, problem);
    return lowerAscii(this.name);
  }

  /** This field as a header value (no CR, LF or NUL), `fallback` when absent. */
  asHeaderValue(fallback: string = "", required: bool = false): string {
    const text = this.asString(fallback, required);
    this.checkHeaderValue(text);
    return text;
  }

  /** Refuses `text`, read from this field, if it cannot be a header value. */
  checkHeaderValue(text: string): void {
    const problem = headerValueProblem(text);
    if (problem.length > 0) this.refuse(ConfigErrorCode.HEADER_VALUE, problem);
  }

  /** This field as an array of strings (empty when absent). */
  asStringArray(): string[] {
    const items = this.items();
    const result = new Array<string>(items.length);
    for (let i = 0; i < items.length; i++) unchecked((result[i] = unchecked(items[i]).asString("", true)));
    return result;
  }

  // ---- member shortcuts, for flat objects

  /** Member `name` as a string, `fallback` when absent. */
  optionalString(name: string, fallback: string): string {
    return this.field(name).asString(fallback, false);
  }

  /** Member `name` as a string; E_CONFIG_MISSING when absent. */
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
    return this.field(name).asInteger(fallback, min, max, false);
  }

  /** Member `name` as an integer in [min, max]; E_CONFIG_MISSING when absent. */
  requiredInt(name: string, min: i64 = i64.MIN_VALUE, max: i64 = i64.MAX_VALUE): i64 {
    return this.field(name).asInteger(0, min, max, true);
  }

  /** Member `name` as an array of strings (empty when absent). */
  stringArray(name: string): string[] {
    return this.field(name).asStringArray();
  }

  /** Member `name`, one of `allowed`; `fallback` when absent. */
  optionalEnum(name: string, allowed: string[], fallback: string): string {
    return this.field(name).asEnum(allowed, fallback, false);
  }

  // ---- problems

  private absent<T>(fallback: T, required: bool): T {
    if (required) this.require();
    return fallback;
  }

  /** Reports `expected <expected>, got <value>` (E_CONFIG_TYPE) at this field. */
  reportType(expected: string, value: JsonValue): void {
    this.refuse(ConfigErrorCode.TYPE, "expected " + expected + ", got " + describeValue(value));
  }

  private wrongType<T>(expected: string, value: JsonValue, fallback: T): T {
    this.reportType(expected, value);
    return fallback;
  }
}

/** `42`, `"text"`, `an object`: what a wrong value was, quoted and shortened. */
export function describeValue(value: JsonValue): string {
  if (value.kind == JsonKind.Object || value.kind == JsonKind.Array) return describeKind(value.kind);
  if (value.kind == JsonKind.String) return quoteShort(value.asString());
  return value.toString();
}

/** `text` as a JSON string, shortened to 40 characters. */
export function quoteShort(text: string): string {
  return quoteJson(text.length <= 40 ? text : text.substring(0, 40) + "...");
}

function isBlank(bytes: ArrayBuffer): bool {
  const base = changetype<usize>(bytes);
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = load<u8>(base + <usize>i);
    if (byte != 0x20 && byte != 0x0a && byte != 0x0d && byte != 0x09) return false;
  }
  return true;
}
