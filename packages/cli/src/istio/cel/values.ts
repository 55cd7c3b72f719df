import { CelEvalError } from "./errors.ts";
import type { GoUrl } from "./go-url.ts";

/**
 * CEL values in JavaScript: `int` is a bigint (CEL ints are 64-bit and
 * distinct from doubles), `double` a number, maps (Kubernetes objects and
 * maps alike) a `CelMap` with string keys, `url` Kubernetes' URL type.
 */
export type CelValue = null | boolean | bigint | number | string | CelValue[] | CelMap | CelUrl;

export class CelMap {
  constructor(readonly entries: ReadonlyMap<string, CelValue>) {}
}

export class CelUrl {
  constructor(readonly url: GoUrl) {}
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** CEL's name for a value's type, for "no such overload" messages. */
export function celTypeName(value: CelValue): string {
  if (value === null) return "null_type";
  if (Array.isArray(value)) return "list";
  if (value instanceof CelMap) return "map";
  if (value instanceof CelUrl) return "URL";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "double";
    default:
      return "string";
  }
}

/** CEL equality: structural for lists and maps, numeric across int and double, false across other types. */
export function celEquals(a: CelValue, b: CelValue): boolean {
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => celEquals(item, b[i]));
  if (a instanceof CelMap && b instanceof CelMap) {
    if (a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) {
      if (!b.entries.has(key) || !celEquals(value, b.entries.get(key)!)) return false;
    }
    return true;
  }
  if (a instanceof CelUrl && b instanceof CelUrl) return a.url.raw === b.url.raw;
  return a === b;
}

export function isNumeric(value: CelValue): value is bigint | number {
  return typeof value === "bigint" || typeof value === "number";
}

/** -1, 0 or 1; NaN compares as unordered (NaN). */
export function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function checkInt64(value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) throw new CelEvalError("return error for overflow");
  return value;
}

/**
 * The part of a schema node that decides CEL types: an "integer" field is a
 * CEL int, a "number" field a double. Schema nodes satisfy it structurally.
 */
export interface CelTypeHint {
  readonly type?: string;
  readonly properties?: ReadonlyMap<string, CelTypeHint>;
  readonly items?: CelTypeHint;
  readonly additionalProperties?: CelTypeHint | boolean;
}

/**
 * Converts a JSON value to a CEL value, typed by `hint` where it has one;
 * without a hint an integral number becomes an int.
 */
export function fromJson(value: unknown, hint?: CelTypeHint): CelValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (hint?.type === "number") return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => fromJson(item, hint?.items));
  if (typeof value === "object") {
    const entries = new Map<string, CelValue>();
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const additional = typeof hint?.additionalProperties === "object" ? hint.additionalProperties : undefined;
      entries.set(key, fromJson(item, hint?.properties?.get(key) ?? additional));
    }
    return new CelMap(entries);
  }
  throw new CelEvalError(`cannot convert a JavaScript ${typeof value} to CEL`);
}
