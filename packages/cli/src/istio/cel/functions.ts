import { CelEvalError } from "./errors.ts";
import { GoUrlError, parseRequestUri, parseUrl } from "./go-url.ts";
import { CelMap, CelUrl, celTypeName, type CelValue } from "./values.ts";

/**
 * The CEL functions this evaluator implements: CEL's standard `size`,
 * `contains`, `startsWith`, `endsWith`, `matches`, and Kubernetes' URL
 * library (`isURL`, `url`, `getScheme`, `getHost`, `getHostname`, `getPort`,
 * `getEscapedPath`, `getQuery`). A rule calling anything else fails to compile.
 */
export interface CelFunction {
  readonly name: string;
  /** Receiver style (`target.f(args)`) or global (`f(args)`). */
  readonly receiver: boolean;
  /** Argument count, not counting the receiver. */
  readonly arity: number;
  readonly call: (args: CelValue[]) => CelValue;
}

const stringOps: CelFunction[] = [
  method("contains", 1, (s, [sub]) => s.includes(str(sub, "contains"))),
  method("startsWith", 1, (s, [prefix]) => s.startsWith(str(prefix, "startsWith"))),
  method("endsWith", 1, (s, [suffix]) => s.endsWith(str(suffix, "endsWith"))),
  method("matches", 1, (s, [pattern]) => compileRe2(str(pattern, "matches")).test(s)),
  { name: "matches", receiver: false, arity: 2, call: ([s, pattern]) => compileRe2(str(pattern, "matches")).test(str(s, "matches")) },
];

const sizeOps: CelFunction[] = [
  { name: "size", receiver: true, arity: 0, call: ([value]) => size(value) },
  { name: "size", receiver: false, arity: 1, call: ([value]) => size(value) },
];

const urlOps: CelFunction[] = [
  { name: "isURL", receiver: false, arity: 1, call: ([value]) => isUrl(str(value, "isURL")) },
  { name: "url", receiver: false, arity: 1, call: ([value]) => toUrl(str(value, "url")) },
  urlMethod("getScheme", (u) => u.scheme),
  urlMethod("getHost", (u) => u.host),
  urlMethod("getHostname", (u) => hostname(u.host)),
  urlMethod("getPort", (u) => port(u.host)),
  urlMethod("getEscapedPath", (u) => u.path),
  urlMethod("getQuery", (u) => queryMap(u.rawQuery)),
];

export const CEL_FUNCTIONS: readonly CelFunction[] = [...stringOps, ...sizeOps, ...urlOps];

export function findFunction(name: string, receiver: boolean, arity: number): CelFunction | undefined {
  return CEL_FUNCTIONS.find((f) => f.name === name && f.receiver === receiver && f.arity === arity);
}

function method(name: string, arity: number, impl: (s: string, args: CelValue[]) => CelValue): CelFunction {
  return { name, receiver: true, arity, call: ([target, ...args]) => impl(str(target, name), args) };
}

function urlMethod(name: string, impl: (u: CelUrl["url"]) => CelValue): CelFunction {
  return {
    name,
    receiver: true,
    arity: 0,
    call: ([target]) => {
      if (!(target instanceof CelUrl)) throw noOverload(name, target);
      return impl(target.url);
    },
  };
}

function str(value: CelValue, fn: string): string {
  if (typeof value !== "string") throw noOverload(fn, value);
  return value;
}

function noOverload(fn: string, value: CelValue): CelEvalError {
  return new CelEvalError(`no such overload: ${fn}(${celTypeName(value)})`);
}

/** Strings count Unicode code points, as CEL does. */
function size(value: CelValue): bigint {
  if (typeof value === "string") return BigInt([...value].length);
  if (Array.isArray(value)) return BigInt(value.length);
  if (value instanceof CelMap) return BigInt(value.entries.size);
  throw noOverload("size", value);
}

const regexCache = new Map<string, RegExp>();

/**
 * CEL `matches` is an RE2 search (unanchored). JavaScript's engine agrees with
 * RE2 on the syntax Kubernetes rules use; RE2-only syntax fails to compile
 * here instead of matching differently.
 */
function compileRe2(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, "u");
    } catch (error) {
      throw new CelEvalError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function isUrl(text: string): boolean {
  try {
    parseRequestUri(text);
    return true;
  } catch (error) {
    if (error instanceof GoUrlError) return false;
    throw error;
  }
}

/** Like Kubernetes: checked with ParseRequestURI, then parsed with Parse (which handles fragments). */
function toUrl(text: string): CelUrl {
  try {
    parseRequestUri(text);
    return new CelUrl(parseUrl(text));
  } catch (error) {
    if (error instanceof GoUrlError) throw new CelEvalError(`URL parse error during conversion from string: ${error.message}`);
    throw error;
  }
}

function hostname(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.lastIndexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon < 0 ? host : host.slice(0, colon);
}

function port(host: string): string {
  const close = host.lastIndexOf("]");
  const colon = host.lastIndexOf(":");
  return colon > close ? host.slice(colon + 1) : "";
}

function queryMap(rawQuery: string): CelMap {
  const values = new Map<string, CelValue[]>();
  for (const [key, value] of new URLSearchParams(rawQuery)) values.set(key, [...(values.get(key) ?? []), value]);
  return new CelMap(values);
}
