// The doc and schema of jwt-authz, for the tests that keep them in step.
import { docContract } from "../../support/doc-contract.ts";

export { schemaRows, typeLabel, type FieldRow, type SchemaNode } from "../../support/doc-contract.ts";
export const { DOC_PATH, SCHEMA_PATH, readSchema, readDoc, docRows, docExamples, docMetrics } = docContract("jwt-authz");
