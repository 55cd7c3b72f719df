import { parseAllDocuments } from "yaml";
import { CliError } from "../errors.ts";

/**
 * Parses multi-document YAML (or JSON) into plain values, skipping empty
 * documents; a syntax error names the document and the line.
 */
export function parseYamlDocuments(text: string, source = "input"): unknown[] {
  const values: unknown[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      const [first] = doc.errors;
      throw new CliError("E_YAML", `${source}, document ${i + 1}: ${first.message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  });
  return values;
}
