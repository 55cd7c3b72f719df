// Reads `policies` (Istio's AuthorizationPolicy: name, action, rules with
// from, to, when) into matchers once, at configure time: patterns split into
// exact/prefix/suffix/presence, CIDRs parsed, condition keys resolved.

import { ConfigErrorCode, JsonField, quoteJson } from "@envoyscript/sdk/assembly";
import { Policy, PolicyAction } from "../authz/policy";
import { Operation, Rule, Source } from "../authz/rule";
import { StringPattern, parsePatterns } from "../authz/string-pattern";
import { CidrBlock, parseSmallInt } from "../authz/cidr";
import { Condition, ConditionKey, SUPPORTED_CONDITION_KEYS, conditionForKey } from "../authz/condition";
import { JwtAuthzErrorCode } from "./codes";

export const POLICY_FIELDS: string[] = ["name", "action", "rules"];
export const RULE_FIELDS: string[] = ["from", "to", "when"];
export const SOURCE_FIELDS: string[] = ["requestPrincipals", "notRequestPrincipals", "ipBlocks", "notIpBlocks"];
export const OPERATION_FIELDS: string[] = ["methods", "notMethods", "paths", "notPaths", "hosts", "notHosts", "ports", "notPorts"];
export const CONDITION_FIELDS: string[] = ["key", "values", "notValues"];
export const ACTIONS: string[] = ["ALLOW", "DENY", "AUDIT"];

export function readPolicy(field: JsonField): Policy {
  field.checkFields(POLICY_FIELDS);
  const name = field.field("name").asString("", true);
  const actionName = field.field("action").asEnum(ACTIONS, "ALLOW");
  const action = actionName == "DENY" ? PolicyAction.Deny : actionName == "AUDIT" ? PolicyAction.Audit : PolicyAction.Allow;
  const policy = new Policy(name, action);
  const rules = field.field("rules").items();
  for (let i = 0; i < rules.length; i++) policy.rules.push(readRule(unchecked(rules[i])));
  return policy;
}

function readRule(field: JsonField): Rule {
  field.checkFields(RULE_FIELDS);
  const rule = new Rule();
  const from = field.field("from").items();
  for (let i = 0; i < from.length; i++) {
    const item = unchecked(from[i]);
    item.checkFields(["source"]);
    rule.from.push(readSource(item.field("source")));
  }
  const to = field.field("to").items();
  for (let i = 0; i < to.length; i++) {
    const item = unchecked(to[i]);
    item.checkFields(["operation"]);
    rule.to.push(readOperation(item.field("operation")));
  }
  const when = field.field("when").items();
  for (let i = 0; i < when.length; i++) {
    const condition = readCondition(unchecked(when[i]));
    if (condition !== null) rule.when.push(condition);
  }
  return rule;
}

function readSource(field: JsonField): Source {
  field.require("each \"from\" entry needs a \"source\"");
  field.checkFields(SOURCE_FIELDS);
  const source = new Source();
  source.requestPrincipals = patterns(field.field("requestPrincipals"), false);
  source.notRequestPrincipals = patterns(field.field("notRequestPrincipals"), false);
  source.ipBlocks = readBlocks(field.field("ipBlocks"));
  source.notIpBlocks = readBlocks(field.field("notIpBlocks"));
  return source;
}

function readOperation(field: JsonField): Operation {
  field.require("each \"to\" entry needs an \"operation\"");
  field.checkFields(OPERATION_FIELDS);
  const operation = new Operation();
  operation.methods = patterns(field.field("methods"), false);
  operation.notMethods = patterns(field.field("notMethods"), false);
  operation.paths = patterns(field.field("paths"), false);
  operation.notPaths = patterns(field.field("notPaths"), false);
  operation.hosts = patterns(field.field("hosts"), true);
  operation.notHosts = patterns(field.field("notHosts"), true);
  operation.ports = readPorts(field.field("ports"));
  operation.notPorts = readPorts(field.field("notPorts"));
  return operation;
}

function readCondition(field: JsonField): Condition | null {
  field.checkFields(CONDITION_FIELDS);
  const keyField = field.field("key");
  const key = keyField.asString("", true);
  if (field.config.failed) return null;
  const condition = conditionForKey(key);
  if (condition === null) {
    keyField.refuse(JwtAuthzErrorCode.CONDITION, "unknown condition key " + quoteJson(key) + "; supported: " + SUPPORTED_CONDITION_KEYS);
    return null;
  }
  const values = field.field("values");
  const notValues = field.field("notValues");
  if (!values.present && !notValues.present) {
    field.refuse(JwtAuthzErrorCode.CONDITION, "a condition needs \"values\" or \"notValues\"");
    return null;
  }
  if (condition.key == ConditionKey.SourceIp) {
    condition.blocks = readBlocks(values);
    condition.notBlocks = readBlocks(notValues);
  } else if (condition.key == ConditionKey.DestinationPort) {
    condition.ports = readPorts(values);
    condition.notPorts = readPorts(notValues);
  } else {
    condition.values = patterns(values, false);
    condition.notValues = patterns(notValues, false);
  }
  return condition;
}

/** Strings, each non-empty (an empty pattern would match only empty values, never meant), as patterns. */
function patterns(field: JsonField, ignoreCase: bool): StringPattern[] {
  const items = field.items();
  const texts = new Array<string>();
  for (let i = 0; i < items.length; i++) texts.push(unchecked(items[i]).asNonEmptyString("", true));
  return parsePatterns(texts, ignoreCase);
}

function readBlocks(field: JsonField): CidrBlock[] {
  const items = field.items();
  const blocks = new Array<CidrBlock>();
  for (let i = 0; i < items.length; i++) {
    const item = unchecked(items[i]);
    const text = item.asString("", true);
    const block = CidrBlock.parse(text);
    if (block === null) {
      item.refuse(ConfigErrorCode.FORMAT, quoteJson(text) + " is not an IP address or CIDR block (e.g. \"10.0.0.0/8\", \"2001:db8::/32\")");
      continue;
    }
    blocks.push(block);
  }
  return blocks;
}

function readPorts(field: JsonField): i64[] {
  const items = field.items();
  const ports = new Array<i64>();
  for (let i = 0; i < items.length; i++) {
    const item = unchecked(items[i]);
    const text = item.asString("", true);
    const port = parseSmallInt(text);
    if (port < 0 || port > 65535) {
      item.refuse(ConfigErrorCode.FORMAT, quoteJson(text) + " is not a port number (0-65535)");
      continue;
    }
    ports.push(<i64>port);
  }
  return ports;
}
