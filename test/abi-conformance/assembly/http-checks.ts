// Checks run in `onRequestHeaders`: header maps, properties, metrics, shared
// data, queues, time, randomness, effective context and logging.

import {
  HeaderPair,
  LogLevel,
  currentTimeNanoseconds,
  getProperty,
  getPropertyString,
  getSharedData,
  log,
  randomBytes,
  request,
  requestHeaders,
  setEffectiveContext,
  setPropertyString,
  setSharedDataString,
} from "@envoyscript/sdk/assembly";
import { Observer, show, yesNo } from "./observe";
import { ConformanceRoot } from "./root";

export function checkRequestHeaderMap(checks: Observer): void {
  checks.note("proxy_get_header_map_value(request, x-conformance-input)", show(requestHeaders.get("x-conformance-input")));
  checks.expect("proxy_get_header_map_value(request, missing)", show(requestHeaders.get("x-conformance-missing")), "null");
  requestHeaders.add("x-conformance-added", "one");
  requestHeaders.add("x-conformance-added", "two");
  checks.expect("proxy_add_header_map_value(request)", show(requestHeaders.get("x-conformance-added")), "\"one\"");
  requestHeaders.replace("x-conformance-replaced", "new");
  checks.expect("proxy_replace_header_map_value(request)", show(requestHeaders.get("x-conformance-replaced")), "\"new\"");
  requestHeaders.remove("x-conformance-removed");
  checks.expect("proxy_remove_header_map_value(request)", show(requestHeaders.get("x-conformance-removed")), "null");
  requestHeaders.remove("x-conformance-never-there");
  checks.expect("proxy_remove_header_map_value(request, absent)", "OK", "OK");
  const pairs = requestHeaders.getAll();
  checks.expect("proxy_get_header_map_pairs(request) has :method", yesNo(hasName(pairs, ":method")), "true");
  checks.expect("proxy_get_header_map_pairs(request) added twice", countName(pairs, "x-conformance-added").toString(), "2");
  pairs.push(new HeaderPair("x-conformance-set-all", "yes"));
  requestHeaders.setAll(pairs);
  checks.expect("proxy_set_header_map_pairs(request)", show(requestHeaders.get("x-conformance-set-all")), "\"yes\"");
  checks.note("proxy_get_header_map_size(request)", requestHeaders.size() > 0 ? "nonzero" : "zero");
  const bytes = requestHeaders.getBytes("x-conformance-set-all");
  checks.expect("proxy_get_header_map_value(request, bytes)", bytes === null ? "null" : bytes.byteLength.toString(), "3");
  checkTextArguments(checks);
}

// The SDK encodes text arguments into two static slots (memory.ts); longer
// texts take a fresh buffer, and both may meet in one hostcall.
function checkTextArguments(checks: Observer): void {
  const longName = "x-conformance-long-" + "n".repeat(500);
  const longValue = "v".repeat(3000) + "-\u00e9\u2713";
  requestHeaders.add(longName, longValue);
  checks.expect("proxy_add_header_map_value(request, long name and value)", yesNo(requestHeaders.get(longName) == longValue), "true");
  requestHeaders.replace("x-conformance-short", longValue);
  checks.expect("proxy_replace_header_map_value(request, short name, long value)", yesNo(requestHeaders.get("x-conformance-short") == longValue), "true");
  requestHeaders.replace(longName, "\u00e9t\u00e9 \u2713");
  checks.expect("proxy_replace_header_map_value(request, long name, UTF-8 value)", show(requestHeaders.get(longName)), "\"\u00e9t\u00e9 \u2713\"");
  requestHeaders.remove(longName);
  checks.expect("proxy_remove_header_map_value(request, long name)", show(requestHeaders.get(longName)), "null");
  // Not forwarded: the upstreams decode header bytes as Latin-1, each its own way.
  requestHeaders.remove("x-conformance-short");
}

export function checkProperties(checks: Observer, root: ConformanceRoot): void {
  checks.note("proxy_get_property(request.path)", show(request.path()));
  checks.note("proxy_get_property(request.method)", show(request.method()));
  const headers = request.headers();
  checks.expect("proxy_get_property(request.headers) has :method", yesNo(headers !== null && hasName(headers, ":method")), "true");
  checks.expect("proxy_get_property(plugin_root_id)", show(getPropertyString(["plugin_root_id"])), show(root.rootId));
  checks.expect("proxy_get_property(missing)", getProperty(["envoyscript", "no_such_property"]) === null ? "null" : "value", "null");
  checks.note("proxy_get_property(request.time)", request.timeNanoseconds() > 0 ? "positive" : "absent");
  const stored = setPropertyString(["envoyscript_conformance"], "stored");
  checks.expect("proxy_set_property", stored ? "OK" : "NOT_FOUND", "OK");
  checks.expect("proxy_get_property(after set)", show(getPropertyString(["envoyscript_conformance"])), "\"stored\"");
  const longPath = ["envoyscript_conformance_" + "p".repeat(400)];
  checks.expect("proxy_set_property(long path, long value)", setPropertyString(longPath, "w".repeat(2000)) ? "OK" : "NOT_FOUND", "OK");
  const storedLong = getPropertyString(longPath);
  checks.expect("proxy_get_property(long path)", storedLong === null ? "null" : storedLong.length.toString(), "2000");
}

export function checkMetrics(checks: Observer, root: ConformanceRoot): void {
  const before = root.requests.get();
  root.requests.increment(3);
  checks.expect("proxy_increment_metric(counter)+proxy_get_metric", (root.requests.get() - before).toString(), "3");
  root.inflight.set(42);
  checks.expect("proxy_record_metric(gauge)+proxy_get_metric", root.inflight.get().toString(), "42");
  root.inflight.add(-2);
  checks.expect("proxy_increment_metric(gauge, -2)", root.inflight.get().toString(), "40");
  root.sizes.record(128);
  checks.expect("proxy_record_metric(histogram)", "OK", "OK");
}

export function checkSharedData(checks: Observer, serial: u32): void {
  const key = "envoyscript-conformance:" + serial.toString();
  checks.expect("proxy_get_shared_data(missing)", getSharedData("envoyscript-conformance:missing") === null ? "NOT_FOUND" : "found", "NOT_FOUND");
  checks.expect("proxy_set_shared_data(new)", setSharedDataString(key, "v1") ? "OK" : "CAS_MISMATCH", "OK");
  const first = getSharedData(key);
  checks.expect("proxy_get_shared_data", first === null ? "null" : show(first.text), "\"v1\"");
  if (first === null) return;
  checks.expect("proxy_set_shared_data(stale cas)", setSharedDataString(key, "v2", first.cas + 1000) ? "OK" : "CAS_MISMATCH", "CAS_MISMATCH");
  checks.expect("proxy_set_shared_data(current cas)", setSharedDataString(key, "v2", first.cas) ? "OK" : "CAS_MISMATCH", "OK");
  const second = getSharedData(key);
  checks.expect("proxy_get_shared_data(after cas)", second === null ? "null" : show(second.text), "\"v2\"");
  checks.expect("cas changes on write", yesNo(second !== null && second.cas != first.cas), "true");
}

export function checkQueue(checks: Observer, root: ConformanceRoot, serial: u32): void {
  const queue = root.queue;
  if (queue === null) return;
  checks.expect("proxy_enqueue_shared_queue", queue.enqueueString("request " + serial.toString()) ? "OK" : "NOT_FOUND", "OK");
}

export function checkMiscellaneous(checks: Observer, contextId: u32): void {
  checks.expect("proxy_get_current_time_nanoseconds", currentTimeNanoseconds() > 0 ? "positive" : "zero", "positive");
  checks.expect("random_get", randomBytes(16).length.toString() + " bytes", "16 bytes");
  checks.expect("proxy_set_effective_context(self)", setEffectiveContext(contextId) ? "OK" : "BAD_ARGUMENT", "OK");
  checks.expect("proxy_set_effective_context(unknown)", setEffectiveContext(0x7ffffff0) ? "OK" : "BAD_ARGUMENT", "BAD_ARGUMENT");
  // Every level once; only INFO lines are observations.
  log.trace("conformance-trace");
  log.debug("conformance-debug");
  log.warn("conformance: proxy_log(warn) -> written");
  checks.expect("proxy_get_log_level", log.enabled(LogLevel.Critical) ? "critical enabled" : "critical disabled", "critical enabled");
}

function hasName(pairs: HeaderPair[], name: string): bool {
  return countName(pairs, name) > 0;
}

function countName(pairs: HeaderPair[], name: string): i32 {
  let count = 0;
  for (let i = 0; i < pairs.length; i++) if (unchecked(pairs[i]).name == name) count++;
  return count;
}
