// Reads docs/jwt-authz.md and schemas/jwt-authz.schema.json for the tests
// that keep them in step with each other and with the filter.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const DOC_PATH = path.join(packageDir, "docs", "jwt-authz.md");
export const SCHEMA_PATH = path.join(packageDir, "schemas", "jwt-authz.schema.json");

interface SchemaNode {
  readonly type?: string | string[];
  readonly $ref?: string;
  readonly default?: unknown;
  readonly items?: SchemaNode;
  readonly properties?: Record<string, SchemaNode>;
  readonly $defs?: Record<string, SchemaNode>;
  readonly title?: string;
}

export interface FieldRow {
  readonly field: string;
  readonly type: string;
  readonly defaultValue: string;
}

export function readSchema(): SchemaNode {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as SchemaNode;
}

export function readDoc(): string {
  return readFileSync(DOC_PATH, "utf8");
}

/** Every property of the root object and of every $defs object, as the table should list it. */
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

function typeLabel(node: SchemaNode): string {
  if (node.$ref) return node.$ref.split("/").at(-1)!;
  if (node.type === "array" && node.items) return `${typeLabel(node.items)}[]`;
  if (Array.isArray(node.type)) return node.type.join(" | ");
  return node.type ?? "unknown";
}

/** Rows of the "Configuration reference" table (an escaped `\|` stays inside its cell). */
export function docRows(markdown: string): FieldRow[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Configuration reference"));
  if (!section) throw new Error(`${DOC_PATH} has no "## Configuration reference" section`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|").replace(/^`|`$/g, ""));
      return { field: cells[1], type: cells[2], defaultValue: cells[3] };
    });
}

/** The ```json blocks of the "Examples" section, parsed. */
export function docExamples(markdown: string): object[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Examples"));
  if (!section) throw new Error(`${DOC_PATH} has no "## Examples" section`);
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]) as object);
}
