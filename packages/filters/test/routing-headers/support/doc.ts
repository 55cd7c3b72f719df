// The doc and schema of routing-headers, for the tests that keep them in step.
import { docContract } from "../../support/doc-contract.ts";

export { schemaRows, typeLabel, type FieldRow, type SchemaNode } from "../../support/doc-contract.ts";
export const { DOC_PATH, SCHEMA_PATH, readSchema, readDoc, docRows, docExamples, docMetrics } = docContract("routing-headers");
