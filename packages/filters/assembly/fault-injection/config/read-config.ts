// Reads the whole configuration. Two shapes, one meaning:
//
//   {"match": [...], "delay": {...}, "abort": {...}, ...}     one rule (Istio's HTTPRoute.match + fault)
//   {"faults": [{"match": [...], "delay": {...}}, ...], ...}  rules tried in order; the first match decides
//
// plus `headerControl` and `maxActiveFaults` for the whole filter, through
// the SDK's configuration reader: the first problem refuses the
// configuration with its field path.

import { ConfigErrorCode, JsonField } from "@envoyscript/sdk/assembly";
import { Percentage, readPercentage } from "@envoyscript/sdk/assembly/matcher";
import { ActiveFaultLimit, UNLIMITED } from "../active-fault-limit";
import { FaultConfig, FaultRule, HeaderControl } from "./config";
import { MAX_DELAY_MS, RULE_FIELDS, readFaultRule } from "./read-rule";

export const TOP_FIELDS: string[] = ["match", "delay", "abort", "faults", "headerControl", "maxActiveFaults"];
export const HEADER_CONTROL_FIELDS: string[] = ["enabled", "maxPercentage", "maxDelayMs"];

/** The delay a header may ask for when `headerControl.maxDelayMs` is not given. */
export const DEFAULT_MAX_HEADER_DELAY_MS: u32 = 5000;

/** Most rules a `faults` list may hold: a bound on per-request work. */
export const MAX_RULES: i32 = 256;

/** The configuration at `root` of the plugin `rootId`; problems are recorded in `root.config`. */
export function readFaultConfig(root: JsonField, rootId: string): FaultConfig {
  root.checkFields(TOP_FIELDS);
  const control = readHeaderControl(root.field("headerControl"));
  const maxActiveFaults = root.field("maxActiveFaults").asInteger(UNLIMITED, 0, 1_000_000_000);
  const faults = root.field("faults");
  const rules = new Array<FaultRule>();
  if (!faults.present) {
    rules.push(readFaultRule(root, 0, control.enabled));
  } else {
    readRuleList(root, faults, control.enabled, rules);
  }
  const limit = new ActiveFaultLimit("envoyscript.fault-injection." + rootId + ".active", maxActiveFaults);
  return new FaultConfig(rules, control, limit);
}

function readRuleList(root: JsonField, faults: JsonField, headerOnly: bool, rules: FaultRule[]): void {
  for (let i = 0; i < RULE_FIELDS.length; i++) {
    const field = root.field(unchecked(RULE_FIELDS[i]));
    if (field.present) {
      field.refuse(ConfigErrorCode.EXCLUSIVE, "\"" + field.name + "\" at the top level cannot be combined with \"faults\"; move it into a rule of \"faults\"");
      return;
    }
  }
  const items = faults.items();
  if (!faults.config.failed && (items.length == 0 || items.length > MAX_RULES)) {
    faults.refuse(ConfigErrorCode.RANGE, "expected 1 to " + MAX_RULES.toString() + " rules, got " + items.length.toString());
    return;
  }
  for (let i = 0; i < items.length && !faults.config.failed; i++) {
    const item = unchecked(items[i]);
    item.checkFields(RULE_FIELDS);
    rules.push(readFaultRule(item, i, headerOnly));
  }
}

function readHeaderControl(field: JsonField): HeaderControl {
  field.checkFields(HEADER_CONTROL_FIELDS);
  return new HeaderControl(
    field.field("enabled").asBool(false),
    readPercentage(field.field("maxPercentage"), Percentage.ofPercent(100)),
    <u32>field.field("maxDelayMs").asInteger(DEFAULT_MAX_HEADER_DELAY_MS, 0, MAX_DELAY_MS),
  );
}
