import { CliError } from "../../errors.ts";
import { compileRules, type CompiledRule } from "./rules.ts";
import { FORMATS } from "./formats.ts";

/**
 * A structural OpenAPI v3 schema node (the subset Kubernetes CRDs use),
 * checked and compiled once: patterns are RegExps, CEL rules are programs.
 */
export interface SchemaNode {
  /** Where this node sits in the CRD, for errors about the schema itself. */
  readonly location: string;
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly nullable: boolean;
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly required: readonly string[];
  readonly additionalProperties?: SchemaNode | boolean;
  readonly preserveUnknownFields: boolean;
  readonly intOrString: boolean;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly pattern?: RegExp;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum: boolean;
  readonly exclusiveMaximum: boolean;
  readonly multipleOf?: number;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly not?: SchemaNode;
  readonly listType?: "atomic" | "set" | "map";
  readonly listMapKeys?: readonly string[];
  readonly rules: readonly CompiledRule[];
}

/** Keywords that only document; everything else must be understood or the schema is refused. */
const DOCUMENTATION_KEYWORDS = new Set(["description", "title", "example", "externalDocs"]);

const HANDLED_KEYWORDS = new Set([
  "type", "nullable", "properties", "required", "additionalProperties", "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-int-or-string", "items", "enum", "pattern", "format", "minLength", "maxLength", "minItems", "maxItems",
  "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "anyOf", "oneOf", "allOf", "not", "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
  "x-kubernetes-validations",
]);

const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);

export class SchemaError extends CliError {
  constructor(location: string, problem: string) {
    super("E_SCHEMA_UNSUPPORTED", `the CRD schema at ${location} ${problem}; this validator would not check it faithfully, so it refuses the schema`);
  }
}

/** Checks and compiles a raw `openAPIV3Schema` (or one of its nodes). */
export function prepareSchema(raw: unknown, location: string): SchemaNode {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new SchemaError(location, "is not an object");
  const node = raw as Record<string, unknown>;
  for (const keyword of Object.keys(node)) {
    if (!HANDLED_KEYWORDS.has(keyword) && !DOCUMENTATION_KEYWORDS.has(keyword)) throw new SchemaError(location, `uses "${keyword}"`);
  }
  if (node.type !== undefined && !TYPES.has(node.type as string)) throw new SchemaError(location, `has unknown type ${JSON.stringify(node.type)}`);
  if (node.format !== undefined && !FORMATS.has(node.format as string)) throw new SchemaError(location, `has unknown format ${JSON.stringify(node.format)}`);
  return {
    location,
    type: node.type as SchemaNode["type"],
    nullable: node.nullable === true,
    properties: prepareProperties(node.properties, location),
    required: (node.required as string[] | undefined) ?? [],
    additionalProperties: prepareAdditional(node.additionalProperties, location),
    preserveUnknownFields: node["x-kubernetes-preserve-unknown-fields"] === true,
    intOrString: node["x-kubernetes-int-or-string"] === true,
    items: node.items === undefined ? undefined : prepareSchema(node.items, `${location}.items`),
    enum: node.enum as unknown[] | undefined,
    pattern: preparePattern(node.pattern, location),
    format: node.format as string | undefined,
    ...numbers(node, ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minimum", "maximum", "multipleOf"], location),
    exclusiveMinimum: node.exclusiveMinimum === true,
    exclusiveMaximum: node.exclusiveMaximum === true,
    anyOf: prepareList(node.anyOf, `${location}.anyOf`),
    oneOf: prepareList(node.oneOf, `${location}.oneOf`),
    allOf: prepareList(node.allOf, `${location}.allOf`),
    not: node.not === undefined ? undefined : prepareSchema(node.not, `${location}.not`),
    listType: node["x-kubernetes-list-type"] as SchemaNode["listType"],
    listMapKeys: node["x-kubernetes-list-map-keys"] as string[] | undefined,
    rules: compileRules(node["x-kubernetes-validations"], location),
  };
}

function prepareProperties(raw: unknown, location: string): Map<string, SchemaNode> | undefined {
  if (raw === undefined) return undefined;
  const properties = new Map<string, SchemaNode>();
  for (const [name, child] of Object.entries(raw as Record<string, unknown>)) {
    properties.set(name, prepareSchema(child, `${location}.properties.${name}`));
  }
  return properties;
}

function prepareAdditional(raw: unknown, location: string): SchemaNode | boolean | undefined {
  if (raw === undefined || typeof raw === "boolean") return raw;
  return prepareSchema(raw, `${location}.additionalProperties`);
}

function prepareList(raw: unknown, location: string): SchemaNode[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new SchemaError(location, "is not a list");
  return raw.map((child, i) => prepareSchema(child, `${location}[${i}]`));
}

function preparePattern(raw: unknown, location: string): RegExp | undefined {
  if (raw === undefined) return undefined;
  try {
    return new RegExp(raw as string, "u");
  } catch (error) {
    throw new SchemaError(location, `has a pattern JavaScript cannot compile (${(error as Error).message})`);
  }
}

function numbers<K extends string>(node: Record<string, unknown>, keys: K[], location: string): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of keys) {
    if (node[key] === undefined) continue;
    if (typeof node[key] !== "number") throw new SchemaError(location, `has a non-numeric ${key}`);
    result[key] = node[key] as number;
  }
  return result;
}
