// `policies` (Istio's AuthorizationPolicy: name, action, rules with from,
// to, when) read into matchers once, at configure time: patterns split into
// exact/prefix/suffix/presence, CIDRs parsed, condition keys resolved.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { Policy, PolicyAction } from "../authz/policy";
import { Operation, Rule, Source } from "../authz/rule";
import { parsePatterns } from "../authz/string-pattern";
import { CidrBlock, parseSmallInt } from "../authz/cidr";
import { Condition, ConditionKey, SUPPORTED_CONDITION_KEYS, conditionForKey } from "../authz/condition";
import { objectItems, refuseUnknownFields, refuseValue } from "./known-fields";

const SOURCE_FIELDS: string[] = ["requestPrincipals", "notRequestPrincipals", "ipBlocks", "notIpBlocks"];
const OPERATION_FIELDS: string[] = ["methods", "notMethods", "paths", "notPaths", "hosts", "notHosts", "ports", "notPorts"];

export function readPolicy(field: JsonField): Policy {
  refuseUnknownFields(field, ["name", "action", "rules"]);
  const name = field.requiredString("name");
  const actionName = field.optionalEnum("action", ["ALLOW", "DENY", "AUDIT"], "ALLOW");
  const action = actionName == "DENY" ? PolicyAction.Deny : actionName == "AUDIT" ? PolicyAction.Audit : PolicyAction.Allow;
  const policy = new Policy(name, action);
  const rules = objectItems(field, "rules");
  for (let i = 0; i < rules.length; i++) policy.rules.push(readRule(unchecked(rules[i])));
  return policy;
}

function readRule(field: JsonField): Rule {
  refuseUnknownFields(field, ["from", "to", "when"]);
  const rule = new Rule();
  const from = objectItems(field, "from");
  for (let i = 0; i < from.length; i++) {
    const item = unchecked(from[i]);
    refuseUnknownFields(item, ["source"]);
    rule.from.push(readSource(item.field("source")));
  }
  const to = objectItems(field, "to");
  for (let i = 0; i < to.length; i++) {
    const item = unchecked(to[i]);
    refuseUnknownFields(item, ["operation"]);
    rule.to.push(readOperation(item.field("operation")));
  }
  const when = objectItems(field, "when");
  for (let i = 0; i < when.length; i++) {
    const condition = readCondition(unchecked(when[i]));
    if (condition !== null) rule.when.push(condition);
  }
  return rule;
}

function readSource(field: JsonField): Source {
  if (!field.present) refuseValue(field, "each \"from\" entry needs a \"source\"");
  refuseUnknownFields(field, SOURCE_FIELDS);
  const source = new Source();
  source.requestPrincipals = parsePatterns(nonEmptyStrings(field, "requestPrincipals"));
  source.notRequestPrincipals = parsePatterns(nonEmptyStrings(field, "notRequestPrincipals"));
  source.ipBlocks = readBlocks(field, "ipBlocks");
  source.notIpBlocks = readBlocks(field, "notIpBlocks");
  return source;
}

function readOperation(field: JsonField): Operation {
  if (!field.present) refuseValue(field, "each \"to\" entry needs an \"operation\"");
  refuseUnknownFields(field, OPERATION_FIELDS);
  const operation = new Operation();
  operation.methods = parsePatterns(nonEmptyStrings(field, "methods"));
  operation.notMethods = parsePatterns(nonEmptyStrings(field, "notMethods"));
  operation.paths = parsePatterns(nonEmptyStrings(field, "paths"));
  operation.notPaths = parsePatterns(nonEmptyStrings(field, "notPaths"));
  operation.hosts = parsePatterns(nonEmptyStrings(field, "hosts"), true);
  operation.notHosts = parsePatterns(nonEmptyStrings(field, "notHosts"), true);
  operation.ports = readPorts(field, "ports");
  operation.notPorts = readPorts(field, "notPorts");
  return operation;
}

function readCondition(field: JsonField): Condition | null {
  refuseUnknownFields(field, ["key", "values", "notValues"]);
  const key = field.requiredString("key");
  if (field.config.failed) return null;
  const condition = conditionForKey(key);
  if (condition === null) {
    refuseValue(field.field("key"), "unknown condition key \"" + key + "\"; supported: " + SUPPORTED_CONDITION_KEYS);
    return null;
  }
  if (!field.field("values").present && !field.field("notValues").present) {
    refuseValue(field, "a condition needs \"values\" or \"notValues\"");
    return null;
  }
  if (condition.key == ConditionKey.SourceIp) {
    condition.blocks = readBlocks(field, "values");
    condition.notBlocks = readBlocks(field, "notValues");
  } else if (condition.key == ConditionKey.DestinationPort) {
    condition.ports = readPorts(field, "values");
    condition.notPorts = readPorts(field, "notValues");
  } else {
    condition.values = parsePatterns(nonEmptyStrings(field, "values"));
    condition.notValues = parsePatterns(nonEmptyStrings(field, "notValues"));
  }
  return condition;
}

/** Member `name`: strings, each non-empty (an empty pattern would match only empty values, never meant). */
function nonEmptyStrings(field: JsonField, name: string): string[] {
  const values = field.stringArray(name);
  for (let i = 0; i < values.length; i++) {
    if (unchecked(values[i]).length == 0) refuseValue(field.field(name).item(i), "must not be empty");
  }
  return values;
}

function readBlocks(field: JsonField, name: string): CidrBlock[] {
  const texts = field.stringArray(name);
  const blocks = new Array<CidrBlock>();
  for (let i = 0; i < texts.length; i++) {
    const block = CidrBlock.parse(unchecked(texts[i]));
    if (block === null) {
      refuseValue(field.field(name).item(i), "\"" + unchecked(texts[i]) + "\" is not an IP address or CIDR block (e.g. \"10.0.0.0/8\", \"2001:db8::/32\")");
      continue;
    }
    blocks.push(block);
  }
  return blocks;
}

function readPorts(field: JsonField, name: string): i64[] {
  const texts = field.stringArray(name);
  const ports = new Array<i64>();
  for (let i = 0; i < texts.length; i++) {
    const port = parseSmallInt(unchecked(texts[i]));
    if (port < 0 || port > 65535) {
      refuseValue(field.field(name).item(i), "\"" + unchecked(texts[i]) + "\" is not a port number (0-65535)");
      continue;
    }
    ports.push(<i64>port);
  }
  return ports;
}

