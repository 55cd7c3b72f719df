// Reads the whole configuration. Two shapes, one meaning:
//
//   {"match": [...], "delay": {...}, "abort": {...}, ...}     one rule (Istio's HTTPRoute.match + fault)
//   {"faults": [{"match": [...], "delay": {...}}, ...], ...}  rules tried in order; the first match decides
//
// plus `headerControl` and `maxActiveFaults` for the whole filter. Every
// problem is reported once, with the field path and the reason.

import { JsonValue, parseJsonBytes } from "@envoyscript/sdk/assembly";
import { Percentage, parsePercentage } from "@envoyscript/sdk/assembly/matcher";
import { FaultConfigError, FaultConfigErrorCode } from "./config-error";
import { checkFields, isInteger, rangeError, typeError } from "./config-shape";
import { FaultConfig, FaultRule, HeaderControl, UNLIMITED } from "./fault-config";
import { RULE_FIELDS, parseFaultRule } from "./parse-fault-rule";
import { MAX_DELAY_MS } from "./duration";

export const TOP_FIELDS: string[] = ["match", "delay", "abort", "faults", "headerControl", "maxActiveFaults"];
export const HEADER_CONTROL_FIELDS: string[] = ["enabled", "maxPercentage", "maxDelayMs"];

/** The delay a header may ask for when `headerControl.maxDelayMs` is not given. */
export const DEFAULT_MAX_HEADER_DELAY_MS: u32 = 5000;

/** Most rules a `faults` list may hold: a bound on per-request work. */
export const MAX_RULES: i32 = 256;

/** A configuration, or why it was refused. */
export class FaultConfigResult {
  constructor(public readonly config: FaultConfig | null, public readonly error: FaultConfigError | null) {}
  static failed(error: FaultConfigError): FaultConfigResult {
    return new FaultConfigResult(null, error);
  }
}

/** Parses and checks the plugin configuration bytes. Never traps. */
export function parseFaultConfig(bytes: ArrayBuffer): FaultConfigResult {
  // An empty configuration reads as {} and is refused below for having nothing to inject.
  const parsed = parseJsonBytes(isBlank(bytes) ? String.UTF8.encode("{}") : bytes);
  if (!parsed.ok) {
    const error = parsed.error!;
    return FaultConfigResult.failed(new FaultConfigError(error.code, "(configuration)", error.reason));
  }
  const json = parsed.value!;
  const shape = checkFields(json, "", TOP_FIELDS);
  if (shape !== null) return FaultConfigResult.failed(shape);

  const headerControl = parseHeaderControl(json.get("headerControl"));
  if (headerControl.error !== null) return FaultConfigResult.failed(headerControl.error!);
  const control = headerControl.control!;

  const maxActive = json.get("maxActiveFaults");
  let maxActiveFaults = UNLIMITED;
  if (maxActive !== null) {
    if (!isInteger(maxActive)) return FaultConfigResult.failed(typeError("maxActiveFaults", "a non-negative integer", maxActive));
    if (maxActive.asNumber() < 0 || maxActive.asNumber() > 1e9) {
      return FaultConfigResult.failed(rangeError("maxActiveFaults", "an integer from 0 to 1000000000", maxActive));
    }
    maxActiveFaults = <i64>maxActive.asNumber();
  }

  const rules = new Array<FaultRule>();
  const faults = json.get("faults");
  if (faults === null) {
    const rule = parseFaultRule(json, "", 0, control.enabled);
    if (rule.error !== null) return FaultConfigResult.failed(rule.error!);
    rules.push(rule.rule!);
  } else {
    const error = parseRuleList(json, faults, control.enabled, rules);
    if (error !== null) return FaultConfigResult.failed(error);
  }
  return new FaultConfigResult(new FaultConfig(rules, control, maxActiveFaults), null);
}

function parseRuleList(json: JsonValue, faults: JsonValue, headerOnly: bool, rules: FaultRule[]): FaultConfigError | null {
  for (let i = 0; i < RULE_FIELDS.length; i++) {
    const field = RULE_FIELDS[i];
    if (json.has(field)) {
      return new FaultConfigError(
        FaultConfigErrorCode.INVALID, field,
        "\"" + field + "\" at the top level cannot be combined with \"faults\"; move it into a rule of \"faults\"",
      );
    }
  }
  if (!faults.isArray()) return typeError("faults", "an array of fault rules", faults);
  if (faults.length == 0 || faults.length > MAX_RULES) {
    return new FaultConfigError(FaultConfigErrorCode.RANGE, "faults", "expected 1 to " + MAX_RULES.toString() + " rules, got " + faults.length.toString());
  }
  for (let i = 0; i < faults.length; i++) {
    const path = "faults[" + i.toString() + "]";
    const item = faults.at(i)!;
    const shape = checkFields(item, path, RULE_FIELDS);
    if (shape !== null) return shape;
    const rule = parseFaultRule(item, path, i, headerOnly);
    if (rule.error !== null) return rule.error;
    rules.push(rule.rule!);
  }
  return null;
}

class HeaderControlResult {
  constructor(public readonly control: HeaderControl | null, public readonly error: FaultConfigError | null) {}
}

function parseHeaderControl(json: JsonValue | null): HeaderControlResult {
  if (json === null) return new HeaderControlResult(HeaderControl.disabled(), null);
  const shape = checkFields(json, "headerControl", HEADER_CONTROL_FIELDS);
  if (shape !== null) return new HeaderControlResult(null, shape);

  let enabled = false;
  const enabledJson = json.get("enabled");
  if (enabledJson !== null) {
    if (!enabledJson.isBool()) return new HeaderControlResult(null, typeError("headerControl.enabled", "a boolean", enabledJson));
    enabled = enabledJson.asBool();
  }

  let maxPercentage = Percentage.ofPercent(100);
  const percentJson = json.get("maxPercentage");
  if (percentJson !== null) {
    const parsed = parsePercentage(percentJson, "headerControl.maxPercentage");
    if (!parsed.ok) return new HeaderControlResult(null, FaultConfigError.fromMatch(parsed.error!));
    maxPercentage = parsed.percentage!;
  }

  let maxDelayMs = DEFAULT_MAX_HEADER_DELAY_MS;
  const delayJson = json.get("maxDelayMs");
  if (delayJson !== null) {
    if (!isInteger(delayJson)) return new HeaderControlResult(null, typeError("headerControl.maxDelayMs", "a whole number of milliseconds", delayJson));
    const value = delayJson.asNumber();
    if (value < 0 || value > <f64>MAX_DELAY_MS) {
      return new HeaderControlResult(null, rangeError("headerControl.maxDelayMs", "0 to 3600000 milliseconds (a delay cannot be negative)", delayJson));
    }
    maxDelayMs = <u32>value;
  }
  return new HeaderControlResult(new HeaderControl(enabled, maxPercentage, maxDelayMs), null);
}

function isBlank(bytes: ArrayBuffer): bool {
  const base = changetype<usize>(bytes);
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = load<u8>(base + <usize>i);
    if (byte != 0x20 && byte != 0x0a && byte != 0x0d && byte != 0x09) return false;
  }
  return true;
}
