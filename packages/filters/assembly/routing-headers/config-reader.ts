// Reads and validates the whole configuration once, in onConfigure:
//
//   {"destinationHeader": "x-route-destination", "trustIncomingDestination": false,
//    "rules": [{"name": "...", "match": [...], "route": [...], "stickyBy": {...},
//               "headers": {...}, "rewrite": {...}, "redirect": {...}, "directResponse": {...}}]}
//
// The first problem stops the walk and is reported with its field path
// (`rules[2].match[0].uri.regex`) and reason.

import { Counter, JsonValue, parseJsonBytes } from "@envoyscript/sdk/assembly";
import { MatchError, MatchErrorCode, itemPath, parseRequestMatch, typeError } from "@envoyscript/sdk/assembly/matcher";
import { Rule, RoutingConfig, StickyKind } from "./config";
import { ConfigErrors } from "./config-errors";
import { readHeaderActions } from "./header-actions-reader";
import { checkHeaderName } from "./header-syntax";
import { readRoute, readSticky } from "./route-reader";
import { readDirectResponse, readRedirect, readRewrite } from "./terminal-actions-reader";

export const TOP_FIELDS: string[] = ["destinationHeader", "trustIncomingDestination", "rules"];
export const RULE_FIELDS: string[] = ["name", "match", "route", "stickyBy", "headers", "rewrite", "redirect", "directResponse"];

/** Either a validated configuration or the first problem in it. */
export class ConfigResult {
  constructor(public readonly config: RoutingConfig | null, public readonly error: MatchError | null) {}
}

/** Parses and validates configuration bytes. Never traps. */
export function readConfig(bytes: ArrayBuffer): ConfigResult {
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) {
    const json = parsed.error!;
    return new ConfigResult(null, new MatchError(json.code, json.path == "$" ? "(configuration)" : json.path, json.reason));
  }
  const errors = new ConfigErrors();
  const config = readTop(parsed.value!, errors);
  return errors.failed ? new ConfigResult(null, errors.error) : new ConfigResult(config, null);
}

function readTop(value: JsonValue, errors: ConfigErrors): RoutingConfig {
  const config = new RoutingConfig();
  if (!checkTop(value, errors)) return config;
  const header = value.get("destinationHeader");
  if (header !== null) config.destinationHeader = checkHeaderName(errors.string(header, "destinationHeader"), "destinationHeader", errors);
  const trust = value.get("trustIncomingDestination");
  if (trust !== null) config.trustIncomingDestination = errors.bool(trust, "trustIncomingDestination");
  const rules = value.get("rules");
  if (rules === null) {
    errors.record(new MatchError(MatchErrorCode.INVALID, "rules", "missing; list the routing rules (an empty list routes nothing)"));
    return config;
  }
  if (!errors.array(rules, "rules")) return config;
  const names = new Set<string>();
  for (let i = 0; i < rules.length && !errors.failed; i++) {
    const rule = readRule(rules.at(i)!, i, errors);
    if (names.has(rule.name)) errors.invalid(itemPath("rules", i) + ".name", "duplicate rule name \"" + rule.name + "\"; names label metrics and must be unique");
    names.add(rule.name);
    config.rules.push(rule);
  }
  return config;
}

/** The top level is an object of known fields; problems are named by the field alone (`rules`). */
function checkTop(value: JsonValue, errors: ConfigErrors): bool {
  if (!value.isObject()) {
    errors.record(typeError("(configuration)", "an object with rules", value));
    return false;
  }
  for (let i = 0; i < value.length; i++) {
    const key = value.keyAt(i);
    if (TOP_FIELDS.includes(key)) continue;
    errors.record(new MatchError(MatchErrorCode.UNKNOWN_FIELD, key, "unknown field \"" + key + "\"; expected one of " + TOP_FIELDS.join(", ")));
    return false;
  }
  return true;
}

function readRule(value: JsonValue, index: i32, errors: ConfigErrors): Rule {
  const path = itemPath("rules", index);
  const rule = new Rule();
  rule.index = index;
  rule.name = "rule-" + index.toString();
  if (!errors.object(value, path, RULE_FIELDS)) return rule;
  const name = value.get("name");
  if (name !== null) rule.name = readRuleName(name, path + ".name", errors);
  rule.matched = new Counter("routing_headers.rule." + rule.name);
  const match = parseRequestMatch(value.get("match"), path + ".match");
  if (!match.ok) {
    errors.record(match.error);
    return rule;
  }
  rule.match = match.match!;
  const route = value.get("route");
  if (route !== null) rule.destinations = readRoute(route, path + ".route", errors);
  const sticky = value.get("stickyBy");
  if (sticky !== null) rule.sticky = readSticky(sticky, path + ".stickyBy", errors);
  rule.headers = readHeaderActions(value.get("headers"), path + ".headers", errors);
  const rewrite = value.get("rewrite");
  if (rewrite !== null) rule.rewrite = readRewrite(rewrite, path + ".rewrite", errors);
  const redirect = value.get("redirect");
  if (redirect !== null) rule.redirect = readRedirect(redirect, path + ".redirect", errors);
  const direct = value.get("directResponse");
  if (direct !== null) rule.directResponse = readDirectResponse(direct, path + ".directResponse", errors);
  if (!errors.failed) checkActions(value, rule, path, errors);
  return rule;
}

/** A rule must do something, and the terminal actions exclude the others (as in Istio). */
function checkActions(value: JsonValue, rule: Rule, path: string, errors: ConfigErrors): void {
  const routes = value.has("route") || value.has("rewrite");
  const edits = !rule.headers.request.isEmpty || !rule.headers.response.isEmpty;
  if (!routes && !edits && rule.redirect === null && rule.directResponse === null) {
    errors.invalid(path, "rule has no action; give it route, headers, rewrite, redirect or directResponse");
    return;
  }
  if (rule.redirect !== null && (routes || rule.directResponse !== null)) {
    errors.invalid(path + ".redirect", "redirect answers the request itself; remove route, rewrite and directResponse from this rule");
    return;
  }
  if (rule.directResponse !== null && routes) {
    errors.invalid(path + ".directResponse", "directResponse answers the request itself; remove route and rewrite from this rule");
    return;
  }
  if (rule.sticky.kind != StickyKind.None && rule.destinations.length == 0) {
    errors.invalid(path + ".stickyBy", "stickyBy picks among route destinations; add a route or remove stickyBy");
  }
}

/** Rule names label counters: 1 to 64 letters, digits, '_', '-' or '.'. */
function readRuleName(value: JsonValue, path: string, errors: ConfigErrors): string {
  const name = errors.string(value, path);
  if (errors.failed) return name;
  if (name.length == 0 || name.length > 64) {
    errors.invalid(path, "expected 1 to 64 characters, got " + name.length.toString());
    return name;
  }
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const allowed = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
      code == 0x5f || code == 0x2d || code == 0x2e;
    if (!allowed) {
      errors.invalid(path, "rule name \"" + name + "\" has a character other than letters, digits, '_', '-', '.' at position " + i.toString());
      return name;
    }
  }
  return name;
}

