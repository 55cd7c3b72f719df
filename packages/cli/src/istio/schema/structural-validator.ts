import { childPath, itemPath, jsonTypeOf, quote, type FieldError } from "./field-error.ts";
import { FORMATS } from "./formats.ts";
import { evaluateRules } from "./rules.ts";
import type { SchemaNode } from "./schema-node.ts";

export interface StructuralOptions {
  /** Fields allowed at the top level without being in the schema (Kubernetes' apiVersion, kind, metadata). */
  readonly implicitRootFields?: ReadonlySet<string>;
}

/**
 * Validates a JSON value against a prepared structural schema, the way the
 * Kubernetes API server does on create with strict field validation:
 * null in a non-nullable field counts as absent (the server prunes it),
 * unknown fields are errors unless the node preserves them, and a node's CEL
 * rules run unless a value below it has the wrong type (the API server skips
 * CEL after such "blocking" errors, so a rule never sees a mistyped value).
 */
export function validateStructure(schema: SchemaNode, value: unknown, options: StructuralOptions = {}): FieldError[] {
  const errors: FieldError[] = [];
  visit(schema, value, "", errors, options.implicitRootFields ?? new Set());
  return errors;
}

function visit(node: SchemaNode, value: unknown, path: string, errors: FieldError[], implicit: ReadonlySet<string>): void {
  const before = errors.length;
  if (value === null) {
    if (!node.nullable) pushBlocking(errors, { path, message: `must not be null${node.type ? ` (expected ${node.type})` : ""}` });
    return;
  }
  if (!checkType(node, value, path, errors)) return;
  checkEnum(node, value, path, errors);
  if (typeof value === "string") checkString(node, value, path, errors);
  if (typeof value === "number") checkNumber(node, value, path, errors);
  if (Array.isArray(value)) checkArray(node, value, path, errors);
  else if (typeof value === "object") checkObject(node, value as Record<string, unknown>, path, errors, implicit);
  checkCombinators(node, value, path, errors);
  if (!errors.slice(before).some((error) => blocking.has(error))) errors.push(...evaluateRules(node.rules, value, node, path));
}

/** Errors after which CEL rules above them are not evaluated: wrong type, or null where none is allowed. */
const blocking = new WeakSet<FieldError>();

function pushBlocking(errors: FieldError[], error: FieldError): void {
  blocking.add(error);
  errors.push(error);
}

function checkType(node: SchemaNode, value: unknown, path: string, errors: FieldError[]): boolean {
  const actual = jsonTypeOf(value);
  if (node.intOrString) {
    if (actual === "integer" || actual === "string") return true;
    pushBlocking(errors, { path, message: `must be an integer or a string (got ${actual})` });
    return false;
  }
  if (!node.type) return true;
  const ok = node.type === actual || (node.type === "number" && actual === "integer");
  if (!ok) pushBlocking(errors, { path, message: `must be of type ${node.type} (got ${actual} ${quote(value)})` });
  return ok;
}

function checkEnum(node: SchemaNode, value: unknown, path: string, errors: FieldError[]): void {
  if (!node.enum || node.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) return;
  errors.push({ path, message: `unsupported value ${quote(value)}: must be one of ${node.enum.map((v) => quote(v)).join(", ")}` });
}

function checkString(node: SchemaNode, value: string, path: string, errors: FieldError[]): void {
  // Kubernetes counts characters (runes), not UTF-16 units.
  const length = [...value].length;
  if (node.minLength !== undefined && length < node.minLength) errors.push({ path, message: `must be at least ${node.minLength} characters long (got ${length})` });
  if (node.maxLength !== undefined && length > node.maxLength) errors.push({ path, message: `may be at most ${node.maxLength} characters long (got ${length})` });
  if (node.pattern && !node.pattern.test(value)) errors.push({ path, message: `must match ${node.pattern.source} (got ${quote(value)})` });
  checkFormat(node, value, path, errors);
}

function checkNumber(node: SchemaNode, value: number, path: string, errors: FieldError[]): void {
  if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum)) {
    errors.push({ path, message: `must be ${node.exclusiveMinimum ? "greater than" : "at least"} ${node.minimum} (got ${value})` });
  }
  if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum)) {
    errors.push({ path, message: `must be ${node.exclusiveMaximum ? "less than" : "at most"} ${node.maximum} (got ${value})` });
  }
  if (node.multipleOf !== undefined && value % node.multipleOf !== 0) errors.push({ path, message: `must be a multiple of ${node.multipleOf} (got ${value})` });
  checkFormat(node, value, path, errors);
}

function checkFormat(node: SchemaNode, value: unknown, path: string, errors: FieldError[]): void {
  const problem = node.format ? FORMATS.get(node.format)!(value) : undefined;
  if (problem) errors.push({ path, message: problem });
}

function checkArray(node: SchemaNode, value: unknown[], path: string, errors: FieldError[]): void {
  if (node.minItems !== undefined && value.length < node.minItems) errors.push({ path, message: `must have at least ${node.minItems} items (got ${value.length})` });
  if (node.maxItems !== undefined && value.length > node.maxItems) errors.push({ path, message: `may have at most ${node.maxItems} items (got ${value.length})` });
  if (node.items) value.forEach((item, i) => visit(node.items!, item, itemPath(path, i), errors, new Set()));
  checkListUniqueness(node, value, path, errors);
}

/** `x-kubernetes-list-type: set` items, and `map` items' key fields, must be unique. */
function checkListUniqueness(node: SchemaNode, value: unknown[], path: string, errors: FieldError[]): void {
  if (node.listType !== "set" && node.listType !== "map") return;
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const key = node.listType === "map" ? listMapKey(node.listMapKeys ?? [], item) : JSON.stringify(item);
    if (key === undefined) return;
    if (seen.has(key)) errors.push({ path: itemPath(path, i), message: `duplicate value ${key} (the list is keyed by ${(node.listMapKeys ?? ["the whole item"]).join(", ")})` });
    seen.add(key);
  });
}

function listMapKey(keys: readonly string[], item: unknown): string | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const record = item as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, record[key] ?? null])));
}

function checkObject(node: SchemaNode, value: Record<string, unknown>, path: string, errors: FieldError[], implicit: ReadonlySet<string>): void {
  const present = Object.keys(value).filter((key) => !isPruned(node, key, value[key]));
  if (node.minProperties !== undefined && present.length < node.minProperties) errors.push({ path, message: `must have at least ${node.minProperties} entries` });
  if (node.maxProperties !== undefined && present.length > node.maxProperties) errors.push({ path, message: `may have at most ${node.maxProperties} entries (got ${present.length})` });
  for (const name of node.required) {
    if (!present.includes(name)) errors.push({ path: childPath(path, name), message: "is required" });
  }
  for (const key of present) {
    const property = node.properties?.get(key);
    if (property) visit(property, value[key], childPath(path, key), errors, new Set());
    else if (typeof node.additionalProperties === "object") visit(node.additionalProperties, value[key], itemPath(path, key), errors, new Set());
    else if (!node.preserveUnknownFields && node.additionalProperties !== true && !implicit.has(key)) {
      errors.push({ path: childPath(path, key), message: `unknown field${node.properties ? ` (known: ${[...node.properties.keys()].join(", ")})` : ""}` });
    }
  }
}

/** The API server drops null values of non-nullable fields before validating (undefined never reaches it). */
function isPruned(node: SchemaNode, key: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (value !== null) return false;
  const child = node.properties?.get(key) ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  return child !== undefined && !child.nullable;
}

/** anyOf / oneOf / allOf / not only add constraints in a structural schema; they never add fields. */
function checkCombinators(node: SchemaNode, value: unknown, path: string, errors: FieldError[]): void {
  const passes = (branch: SchemaNode): boolean => {
    const branchErrors: FieldError[] = [];
    visit(branch, value, path, branchErrors, new Set());
    return branchErrors.every((error) => error.message.startsWith("unknown field"));
  };
  if (node.anyOf && !node.anyOf.some(passes)) errors.push({ path, message: `must match at least one of ${describeBranches(node.anyOf)}` });
  if (node.oneOf && node.oneOf.filter(passes).length !== 1) errors.push({ path, message: `must match exactly one of ${describeBranches(node.oneOf)}` });
  for (const branch of node.allOf ?? []) visit(branch, value, path, errors, new Set());
  if (node.not && passes(node.not)) errors.push({ path, message: "must not match the schema under `not`" });
}

function describeBranches(branches: readonly SchemaNode[]): string {
  return branches.map((branch) => branch.type ?? (branch.required.length ? `{required: ${branch.required.join(", ")}}` : "{...}")).join(", ");
}
