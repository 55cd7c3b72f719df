// The configuration contract: the doc's reference table and the schema list
// the same fields with the same types and defaults, and the filter accepts
// every example of the doc.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { docExamples, docRows, readDoc, readSchema, schemaRows } from "./support/doc.ts";
import { generateTestKeys, jwksOf } from "./support/tokens.ts";
import { setupWith } from "./support/setup.ts";

describe("jwt-authz documentation", () => {
  const schema = readSchema();
  const rows = docRows(readDoc());

  it("has a table row for every schema field, and a schema field for every row", () => {
    const documented = rows.map((row) => row.field).sort();
    expect(documented).toEqual(schemaRows(schema).map((row) => row.field).sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("gives each field the schema's type and default", () => {
    const byField = new Map(rows.map((row) => [row.field, row]));
    for (const expected of schemaRows(schema)) expect(byField.get(expected.field), expected.field).toEqual(expected);
  });
});

const jwks = JSON.stringify(jwksOf(generateTestKeys()));
const examples = docExamples(readDoc()).map((example, index) => ({ index, configuration: JSON.parse(JSON.stringify(example).replaceAll('"<JWKS>"', JSON.stringify(jwks))) as object }));

describe.each(scenarioBackends())("jwt-authz documented examples on $name", (backend) => {
  it("has examples", () => expect(examples.length).toBeGreaterThanOrEqual(3));

  describe.each(examples)("example $index", ({ configuration }) => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith(configuration));
    });
    afterAll(async () => target?.stop());

    it("is accepted and serves requests", async () => {
      const response = await target.request({ path: "/" });
      expect([200, 403]).toContain(response.status);
    });
  });
});
