// Reads and checks the whole configuration once, in onConfigure:
//
//   {"destinationHeader": "x-route-destination", "trustIncomingDestination": false,
//    "rules": [{"name": "...", "match": [...], "route": [...], "stickyBy": {...},
//               "headers": {...}, "rewrite": {...}, "redirect": {...}, "directResponse": {...}}]}
//
// through the SDK's configuration reader: the first problem refuses the
// configuration with its field path (`rules[2].match[0].uri.regex`).

import { ConfigErrorCode, JsonField } from "@envoyscript/sdk/assembly";
import { readRequestMatch } from "@envoyscript/sdk/assembly/matcher";
import { DEFAULT_DESTINATION_HEADER, DirectResponse, Redirect, Rule, RoutingConfig, StickyKind } from "./config";
import { RoutingErrorCode } from "./codes";
import { readHeaderActions } from "./read-header-actions";
import { readRoute, readSticky } from "./read-route";
import { readDirectResponse, readRedirect, readRewrite } from "./read-terminal-actions";

export const TOP_FIELDS: string[] = ["destinationHeader", "trustIncomingDestination", "rules"];
export const RULE_FIELDS: string[] = ["name", "match", "route", "stickyBy", "headers", "rewrite", "redirect", "directResponse"];

/** The configuration at `root`; problems are recorded in `root.config`. */
export function readRoutingConfig(root: JsonField): RoutingConfig {
  root.checkFields(TOP_FIELDS);
  const destinationHeader = root.field("destinationHeader").asHeaderName(DEFAULT_DESTINATION_HEADER);
  const trust = root.field("trustIncomingDestination").asBool(false);
  const list = root.field("rules");
  list.require("list the routing rules (an empty list routes nothing)");
  const items = list.items();
  const rules = new Array<Rule>();
  const names = new Set<string>();
  for (let i = 0; i < items.length && !root.config.failed; i++) {
    const item = unchecked(items[i]);
    const rule = readRule(item, i);
    if (names.has(rule.name)) item.field("name").refuse(ConfigErrorCode.DUPLICATE, "duplicate rule name \"" + rule.name + "\"; names label metrics and must be unique");
    names.add(rule.name);
    rules.push(rule);
  }
  return new RoutingConfig(destinationHeader, trust, rules);
}

function readRule(field: JsonField, index: i32): Rule {
  field.checkFields(RULE_FIELDS);
  const name = readRuleName(field.field("name"), "rule-" + index.toString());
  const match = readRequestMatch(field.field("match"));
  const routeField = field.field("route");
  const destinations = readRoute(routeField);
  const sticky = readSticky(field.field("stickyBy"));
  const headers = readHeaderActions(field.field("headers"));
  const rewriteField = field.field("rewrite");
  const rewrite = rewriteField.present ? readRewrite(rewriteField) : null;
  const redirectField = field.field("redirect");
  const redirect = redirectField.present ? readRedirect(redirectField) : null;
  const directField = field.field("directResponse");
  const direct = directField.present ? readDirectResponse(directField) : null;
  const rule = new Rule(name, match, destinations, sticky, headers, rewrite, redirect, direct);
  if (!field.config.failed) checkActions(field, rule, routeField.present || rewriteField.present);
  return rule;
}

/** A rule must do something, and the terminal actions exclude the others (as in Istio). */
function checkActions(field: JsonField, rule: Rule, routes: bool): void {
  const redirect: Redirect | null = rule.redirect;
  const direct: DirectResponse | null = rule.directResponse;
  if (!routes && rule.headers.isEmpty && redirect === null && direct === null) {
    field.refuse(RoutingErrorCode.NO_ACTION, "rule has no action; give it route, headers, rewrite, redirect or directResponse");
    return;
  }
  if (redirect !== null && (routes || direct !== null)) {
    field.field("redirect").refuse(RoutingErrorCode.CONFLICT, "redirect answers the request itself; remove route, rewrite and directResponse from this rule");
    return;
  }
  if (direct !== null && routes) {
    field.field("directResponse").refuse(RoutingErrorCode.CONFLICT, "directResponse answers the request itself; remove route and rewrite from this rule");
    return;
  }
  if (rule.sticky.kind != StickyKind.None && rule.destinations.length == 0) {
    field.field("stickyBy").refuse(RoutingErrorCode.STICKY, "stickyBy picks among route destinations; add a route or remove stickyBy");
  }
}

/** Rule names label counters: 1 to 64 letters, digits, '_', '-' or '.'. */
function readRuleName(field: JsonField, fallback: string): string {
  if (!field.present) return fallback;
  const name = field.asNonEmptyString(fallback);
  if (field.config.failed) return name;
  if (name.length > 64) {
    field.refuse(ConfigErrorCode.RANGE, "expected 1 to 64 characters, got " + name.length.toString());
    return name;
  }
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const allowed = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
      code == 0x5f || code == 0x2d || code == 0x2e;
    if (!allowed) {
      field.refuse(ConfigErrorCode.FORMAT, "rule name \"" + name + "\" has a character other than letters, digits, '_', '-', '.' at position " + i.toString());
      return name;
    }
  }
  return name;
}

