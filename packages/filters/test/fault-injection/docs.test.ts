// The documentation is a contract: its reference table lists exactly the
// schema's fields with their types and defaults, its examples are accepted
// by the filter, its metric names are the ones the filter defines, and the
// error lines it quotes are the ones the filter logs.
import { describe, expect, it } from "vitest";
import { ConfigurationRefusedError, emulatedFaults } from "./support/emulator.ts";
import { docExamples, docMetrics, docRows, readDoc, readSchema, schemaRows } from "./support/doc.ts";
import { METRIC } from "./support/setup.ts";

const doc = readDoc();

describe("fault-injection documentation", () => {
  it("has a table row for every schema field, and a schema field for every row", () => {
    const documented = docRows(doc).map((row) => row.field);
    expect([...documented].sort()).toEqual(schemaRows(readSchema()).map((row) => row.field).sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("gives each field the schema's type and default", () => {
    const rows = new Map(docRows(doc).map((row) => [row.field, row]));
    for (const expected of schemaRows(readSchema())) {
      const row = rows.get(expected.field);
      expect({ field: expected.field, type: row?.type, defaultValue: row?.defaultValue }).toEqual(expected);
    }
  });

  it("shows examples the filter accepts", async () => {
    const examples = docExamples(doc);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      const { host } = await emulatedFaults(example as Record<string, unknown>);
      expect(host.logs.messages("error")).toEqual([]);
    }
  });

  it("names the metrics the filter defines", async () => {
    expect(docMetrics(doc).sort()).toEqual(Object.values(METRIC).sort());
    const { host } = await emulatedFaults({ delay: { fixedDelayMs: 1 } });
    for (const name of Object.values(METRIC)) expect(host.metrics.get(name), name).toBeDefined();
  });

  it("quotes error lines the filter really logs", async () => {
    const configurations = [
      { faults: [{ delay: { fixedDelayMs: 1 } }, { abort: { httpStatus: 700 } }] },
      { abort: { httpStatus: 503, percentage: { value: 150 } } },
      { abort: { grpcStatus: 17 } },
      { delay: { fixedDelay: "-1s" } },
      { delay: { fixedDelayMs: 1 }, maxActiveFault: 3 },
      {},
    ];
    const quoted = doc.split("\n").filter((line) => line.startsWith("fault-injection: "));
    expect(quoted).toHaveLength(configurations.length);
    const logged: string[] = [];
    for (const configuration of configurations) {
      const error = await emulatedFaults(configuration).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationRefusedError);
      logged.push(...(error as ConfigurationRefusedError).logs.filter((line) => line.message.startsWith("fault-injection:")).map((line) => line.message));
    }
    expect(logged).toEqual(quoted);
  });
});
