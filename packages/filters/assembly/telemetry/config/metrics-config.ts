// `metrics`: the request metrics, their built-in labels and the custom
// dimensions, each with a cardinality guard.

import { ConfigErrorCode, JsonField, quoteJson } from "@envoyscript/sdk/assembly";
import { ExprNode } from "../expr/nodes";
import { CardinalityGuard } from "../metrics/cardinality-guard";
import { TelemetryErrorCode } from "./codes";
import { compileField, compileText } from "./read-expression";

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
  constructor(
    public readonly enabled: bool,
    public readonly prefix: string,
    public readonly maxValueLength: i32,
    /** Built-in labels then custom dimensions, in series-name order. */
    public readonly dimensions: Dimension[],
    /** Just the custom dimensions (also logged by default). */
    public readonly custom: Dimension[],
  ) {}
}

export const METRICS_FIELDS: string[] = [
  "enabled", "prefix", "sourceIdentity", "destinationIdentity", "dimensions", "maxValuesPerDimension", "overflowValue", "defaultValue", "maxValueLength",
];

export function readMetricsConfig(field: JsonField): MetricsConfig {
  field.checkFields(METRICS_FIELDS);
  const enabled = field.field("enabled").asBool(true);
  const prefixField = field.field("prefix");
  const prefix = prefixField.asString("envoyscript_");
  if (!isMetricName(prefix)) prefixField.refuse(ConfigErrorCode.FORMAT, "expected [a-zA-Z_][a-zA-Z0-9_]*, got " + quoteJson(prefix));
  const maxValueLength = <i32>field.field("maxValueLength").asInteger(64, 1, 256);
  const limit = <i32>field.field("maxValuesPerDimension").asInteger(100, 1, 100000);
  const overflow = readLabelText(field.field("overflowValue"), "other");
  const fallback = readLabelText(field.field("defaultValue"), "unknown");
  const builtin = [
    compileText(field, "response.code"),
    compileText(field, "request.method"),
    compileText(field, "request.protocol"),
    compileField(field.field("sourceIdentity"), DEFAULT_SOURCE_IDENTITY),
    compileField(field.field("destinationIdentity"), DEFAULT_DESTINATION_IDENTITY),
  ];
  const dimensions = new Array<Dimension>();
  for (let i = 0; i < BUILTIN_LABELS.length; i++) {
    dimensions.push(new Dimension(BUILTIN_LABELS[i], builtin[i], i == 0 ? "0" : fallback, new CardinalityGuard(limit, overflow)));
  }
  const custom = readCustomDimensions(field.field("dimensions"), limit, overflow, fallback);
  for (let i = 0; i < custom.length; i++) dimensions.push(unchecked(custom[i]));
  return new MetricsConfig(enabled, prefix, maxValueLength, dimensions, custom);
}

function readCustomDimensions(field: JsonField, limit: i32, overflow: string, fallback: string): Dimension[] {
  const custom = new Array<Dimension>();
  const entries = field.members();
  const names = field.keys();
  if (entries.length > MAX_DIMENSIONS) field.refuse(ConfigErrorCode.RANGE, "expected at most " + MAX_DIMENSIONS.toString() + " dimensions, got " + entries.length.toString());
  for (let i = 0; i < entries.length && !field.config.failed; i++) {
    const entry = unchecked(entries[i]);
    const name = entry.name;
    if (!isLabelName(name) || BUILTIN_LABELS.includes(name)) {
      entry.refuse(TelemetryErrorCode.LABEL, "dimension names must match [a-z_][a-z0-9_]*, not start with \"__\" and not be a built-in label (" + BUILTIN_LABELS.join(", ") + ")");
      break;
    }
    const clash = suffixClash(name, names);
    if (clash.length > 0) {
      entry.refuse(TelemetryErrorCode.LABEL, quoteJson(clash) + " ends with " + quoteJson(name) + ": Istio's tag rule for one would also match the other; rename one of them");
      break;
    }
    let source = entry;
    let defaultValue = fallback;
    const value = entry.value;
    if (value !== null && value.isObject()) {
      entry.checkFields(["value", "default"]);
      source = entry.field("value");
      defaultValue = readLabelText(entry.field("default"), fallback);
    }
    if (!source.require("a dimension needs a source: an attribute expression such as request.headers[\"x-team\"]")) break;
    custom.push(new Dimension(name, compileField(source, ""), defaultValue, new CardinalityGuard(limit, overflow)));
  }
  return custom;
}

/** A label value set in configuration: non-empty, without ";" "=" or quotes. */
function readLabelText(field: JsonField, fallback: string): string {
  const text = field.asNonEmptyString(fallback);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code == 0x3b || code == 0x3d || code == 0x22 || code == 0x5c) {
      field.refuse(ConfigErrorCode.FORMAT, "label values may only hold printable ASCII without spaces, \";\", \"=\", quotes or backslashes");
      return fallback;
    }
  }
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
