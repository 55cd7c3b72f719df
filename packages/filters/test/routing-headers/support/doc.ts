// Reads docs/routing-headers.md and schemas/routing-headers.schema.json for
// the tests that keep them in step with each other and with the filter.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const DOC_PATH = path.join(packageDir, "docs", "routing-headers.md");
export const SCHEMA_PATH = path.join(packageDir, "schemas", "routing-headers.schema.json");

interface SchemaNode {
  readonly type?: string;
  readonly $ref?: string;
  readonly const?: unknown;
  readonly default?: unknown;
  readonly items?: SchemaNode;
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

export function readSchema(): SchemaNode {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as SchemaNode;
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

/** `string`, `Rule[]`, `map<string, HeaderMatch>`, `true`: the type as the doc table writes it. */
export function typeLabel(node: SchemaNode): string {
  if (node.$ref) return node.$ref.split("/").at(-1)!;
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.type === "array" && node.items) return `${typeLabel(node.items)}[]`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `map<string, ${typeLabel(node.additionalProperties)}>`;
  return node.type ?? "unknown";
}

/** Rows of the "Configuration reference" table: first three cells, backticks removed. */
export function docRows(markdown: string): FieldRow[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Configuration reference"));
  if (!section) throw new Error(`${DOC_PATH} has no "## Configuration reference" section`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.split("|").map((cell) => cell.trim().replace(/^`|`$/g, ""));
      return { field: cells[1], type: cells[2], defaultValue: cells[3] };
    });
}

/** The ```json blocks of the "Examples" section, parsed. */
export function docExamples(markdown: string): unknown[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Examples"));
  if (!section) throw new Error(`${DOC_PATH} has no "## Examples" section`);
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]));
}

export function readDoc(): string {
  return readFileSync(DOC_PATH, "utf8");
}
