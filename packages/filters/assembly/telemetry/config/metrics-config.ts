// `metrics`: the request metrics, their built-in labels and the custom
// dimensions, each with a cardinality guard.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";
import { ExprNode } from "../expr/nodes";
import { CardinalityGuard } from "../metrics/cardinality-guard";
import { refuseUnknownFields } from "./known-fields";
import { compileField, compileText } from "./expression-field";

/** Labels every series carries, in this order, before the custom dimensions. */
export const BUILTIN_LABELS: string[] = ["response_code", "request_method", "request_protocol", "source_workload", "destination_workload"];

const DEFAULT_SOURCE_IDENTITY = "source.principal";
const DEFAULT_DESTINATION_IDENTITY = "node.metadata[\"WORKLOAD_NAME\"]";
const MAX_DIMENSIONS: i32 = 32;

/** One label: its name, where its value comes from, and its guard. */
export class Dimension {
  constructor(
    public readonly name: string,
    public readonly expression: ExprNode,
    public readonly defaultValue: string,
    public readonly guard: CardinalityGuard,
  ) {}
}

export class MetricsConfig {
  enabled: bool = true;
  prefix: string = "envoyscript_";
  maxValueLength: i32 = 64;
  /** Built-in labels then custom dimensions, in series-name order. */
  dimensions: Dimension[] = new Array<Dimension>();
  /** Just the custom dimensions (also logged by default). */
  custom: Dimension[] = new Array<Dimension>();
}

export function readMetricsConfig(field: JsonField): MetricsConfig {
  refuseUnknownFields(field, ["enabled", "prefix", "sourceIdentity", "destinationIdentity", "dimensions", "maxValuesPerDimension", "overflowValue", "defaultValue", "maxValueLength"]);
  const config = new MetricsConfig();
  config.enabled = field.optionalBool("enabled", true);
  config.prefix = field.optionalString("prefix", "envoyscript_");
  if (!isMetricName(config.prefix)) field.config.report(JsonErrorCode.INVALID, field.path + ".prefix", "expected [a-zA-Z_][a-zA-Z0-9_]*, got \"" + config.prefix + "\"");
  config.maxValueLength = <i32>field.optionalInt("maxValueLength", 64, 1, 256);
  const limit = <i32>field.optionalInt("maxValuesPerDimension", 100, 1, 100000);
  const overflow = readLabelText(field, "overflowValue", "other");
  const fallback = readLabelText(field, "defaultValue", "unknown");
  const builtin = [
    compileText(field, "response.code"),
    compileText(field, "request.method"),
    compileText(field, "request.protocol"),
    compileField(field.field("sourceIdentity"), DEFAULT_SOURCE_IDENTITY),
    compileField(field.field("destinationIdentity"), DEFAULT_DESTINATION_IDENTITY),
  ];
  for (let i = 0; i < BUILTIN_LABELS.length; i++) {
    config.dimensions.push(new Dimension(BUILTIN_LABELS[i], builtin[i], i == 0 ? "0" : fallback, new CardinalityGuard(limit, overflow)));
  }
  readCustomDimensions(field.field("dimensions"), config, limit, overflow, fallback);
  return config;
}

function readCustomDimensions(dimensions: JsonField, config: MetricsConfig, limit: i32, overflow: string, fallback: string): void {
  const names = dimensions.keys();
  if (names.length > MAX_DIMENSIONS) dimensions.config.report(JsonErrorCode.RANGE, dimensions.path, "at most " + MAX_DIMENSIONS.toString() + " dimensions, got " + names.length.toString());
  for (let i = 0; i < names.length && i < MAX_DIMENSIONS; i++) {
    const name = names[i];
    const entry = dimensions.field(name);
    if (!isLabelName(name) || BUILTIN_LABELS.includes(name)) {
      entry.config.report(JsonErrorCode.INVALID, entry.path, "dimension names must match [a-z_][a-z0-9_]*, not start with \"__\" and not be a built-in label (" + BUILTIN_LABELS.join(", ") + ")");
      continue;
    }
    const clash = suffixClash(name, names);
    if (clash.length > 0) {
      entry.config.report(JsonErrorCode.INVALID, entry.path, "\"" + clash + "\" ends with \"" + name + "\": Istio's tag rule for one would also match the other; rename one of them");
      continue;
    }
    let source = entry;
    let defaultValue = fallback;
    if (entry.present && entry.value!.isObject()) {
      refuseUnknownFields(entry, ["value", "default"]);
      source = entry.field("value");
      defaultValue = readLabelText(entry, "default", fallback);
    }
    if (!source.present) {
      entry.config.report(JsonErrorCode.MISSING, source.path, "dimension has no source; give an attribute expression such as request.headers[\"x-team\"]");
      continue;
    }
    const dimension = new Dimension(name, compileField(source, ""), defaultValue, new CardinalityGuard(limit, overflow));
    config.dimensions.push(dimension);
    config.custom.push(dimension);
  }
}

/** A label value set in configuration: non-empty, without ";" "=" or quotes. */
function readLabelText(field: JsonField, name: string, fallback: string): string {
  const text = field.optionalString(name, fallback);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code == 0x3b || code == 0x3d || code == 0x22 || code == 0x5c) {
      field.config.report(JsonErrorCode.INVALID, field.path + "." + name, "label values may only hold printable ASCII without spaces, \";\", \"=\", quotes or backslashes");
      return fallback;
    }
  }
  if (text.length == 0) field.config.report(JsonErrorCode.INVALID, field.path + "." + name, "must not be empty");
  return text;
}

/** A label name that ends with `name` (or that `name` ends with), or "". */
function suffixClash(name: string, customNames: string[]): string {
  for (let i = 0; i < BUILTIN_LABELS.length; i++) {
    const other = BUILTIN_LABELS[i];
    if (other.endsWith(name) || name.endsWith(other)) return other;
  }
  for (let i = 0; i < customNames.length; i++) {
    const other = customNames[i];
    if (other != name && (other.endsWith(name) || name.endsWith(other))) return other;
  }
  return "";
}

function isLabelName(name: string): bool {
  if (name.length == 0 || name.length > 64 || name.startsWith("__")) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const lower = code >= 0x61 && code <= 0x7a;
    const digit = code >= 0x30 && code <= 0x39;
    if (!lower && code != 0x5f && !(digit && i > 0)) return false;
  }
  return true;
}

function isMetricName(name: string): bool {
  if (name.length > 64) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
    const digit = code >= 0x30 && code <= 0x39;
    if (!letter && code != 0x5f && !(digit && i > 0)) return false;
  }
  return true;
}
