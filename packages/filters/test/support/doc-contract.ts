// Reads a filter's docs/<filter>.md and schemas/<filter>.schema.json for the
// tests that keep them in step with each other and with the filter.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly $ref?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly additionalProperties?: SchemaNode | boolean;
  readonly properties?: Record<string, SchemaNode>;
  readonly $defs?: Record<string, SchemaNode>;
  readonly title?: string;
}

/** One documented field: `Object.field`, its type label and default as the table writes them. */
export interface FieldRow {
  readonly field: string;
  readonly type: string;
  readonly defaultValue: string;
}

/** The doc and schema of one filter, and readers for the parts tests compare. */
export function docContract(filter: string) {
  const docPath = path.join(packageDir, "docs", `${filter}.md`);
  const schemaPath = path.join(packageDir, "schemas", `${filter}.schema.json`);
  const section = (markdown: string, title: string): string => {
    const found = markdown.split(/^## /m).find((part) => part.startsWith(title));
    if (!found) throw new Error(`${docPath} has no "## ${title}" section`);
    return found;
  };
  return {
    DOC_PATH: docPath,
    SCHEMA_PATH: schemaPath,
    readSchema: (): SchemaNode => JSON.parse(readFileSync(schemaPath, "utf8")) as SchemaNode,
    readDoc: (): string => readFileSync(docPath, "utf8"),
    /** Rows of the "Configuration reference" table: first three cells, backticks removed (an escaped `\|` stays inside its cell). */
    docRows: (markdown: string): FieldRow[] =>
      section(markdown, "Configuration reference")
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => {
          const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|").replace(/^`|`$/g, ""));
          return { field: cells[1]!, type: cells[2]!, defaultValue: cells[3]! };
        }),
    /** The JSON blocks of the "Examples" section. */
    docExamples: (markdown: string): object[] => [...section(markdown, "Examples").matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as object),
    /** The `metric_name` cells of the "Metrics" table. */
    docMetrics: (markdown: string): string[] =>
      section(markdown, "Metrics")
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => line.split("|")[1]!.trim().replace(/^`|`$/g, "")),
  };
}

/** Every property of the root object (named by its title) and of every $defs object, as table rows. */
export function schemaRows(schema: SchemaNode): FieldRow[] {
  const objects: [string, SchemaNode][] = [[schema.title ?? "Configuration", schema], ...Object.entries(schema.$defs ?? {})];
  return objects.flatMap(([objectName, node]) =>
    Object.entries(node.properties ?? {}).map(([name, property]) => ({
      field: `${objectName}.${name}`,
      type: typeLabel(property),
      defaultValue: property.default === undefined ? "" : JSON.stringify(property.default),
    })),
  );
}

/** `string`, `Rule[]`, `map<string, HeaderMatch>`, `true`, `integer or string`: the type as the table writes it. */
export function typeLabel(node: SchemaNode): string {
  if (node.$ref) return node.$ref.split("/").at(-1)!;
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return typeof node.type === "string" ? node.type : typeof node.enum[0] === "number" ? "integer" : "string";
  if (node.oneOf) return node.oneOf.map(typeLabel).join(" or ");
  if (Array.isArray(node.type)) return node.type.join(" | ");
  if (node.type === "array" && node.items) return `${typeLabel(node.items)}[]`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `map<string, ${typeLabel(node.additionalProperties)}>`;
  return (node.type as string | undefined) ?? "unknown";
}
