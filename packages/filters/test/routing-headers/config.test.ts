// The configuration contract: the doc's reference table and the schema list
// the same fields; the filter's own onConfigure accepts every example in the
// doc and refuses invalid configurations with one log line naming the field
// and the reason (Envoy then refuses the listener).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { docExamples, docRows, readDoc, readSchema, schemaRows } from "./support/doc.ts";
import { routingHeaders } from "./support/setup.ts";

describe("routing-headers documentation", () => {
  const schema = readSchema();
  const rows = docRows(readDoc());

  it("has a table row for every schema field, and a schema field for every row", () => {
    const documented = rows.map((row) => row.field).sort();
    const specified = schemaRows(schema).map((row) => row.field).sort();
    expect(documented).toEqual(specified);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("gives each field the schema's type and default", () => {
    const byField = new Map(rows.map((row) => [row.field, row]));
    for (const expected of schemaRows(schema)) {
      expect(byField.get(expected.field), expected.field).toEqual(expected);
    }
  });

  it("has examples to check", () => {
    expect(docExamples(readDoc()).length).toBeGreaterThanOrEqual(3);
  });
});

interface Refusal {
  readonly name: string;
  readonly configuration: object | string;
  /** The one log line the filter writes (after `routing-headers: `), as a prefix. */
  readonly line: string;
  /** The line is complete and quoted in the doc's "Errors" section. */
  readonly documented?: boolean;
}

const refusals: Refusal[] = [
  {
    name: "an unknown top-level field",
    configuration: { rules: [], destination: "v2" },
    line: 'destination: unknown field "destination"; did you mean "destinationHeader"? expected one of destinationHeader, trustIncomingDestination, rules [E_CONFIG_UNKNOWN_FIELD]',
  },
  {
    name: "an unknown field in a match (an Istio field the filter lacks)",
    configuration: { rules: [{ match: [{ sourceLabels: { app: "x" } }], route: [{ destination: "v1" }] }] },
    line: 'rules[0].match[0].sourceLabels: unknown field "sourceLabels"',
  },
  {
    name: "a misspelt stickyBy key",
    configuration: { rules: [{ route: [{ destination: "v1", weight: 50 }, { destination: "v2", weight: 50 }], stickyBy: { cokie: "user" } }] },
    line: 'rules[0].stickyBy.cokie: unknown field "cokie"; did you mean "cookie"? expected one of header, cookie, queryParam, sourceIp [E_CONFIG_UNKNOWN_FIELD]',
    documented: true,
  },
  { name: "a wrong type", configuration: { rules: {} }, line: "rules: expected an array, got an object [E_CONFIG_TYPE]" },
  { name: "missing rules", configuration: {}, line: "rules: required field is missing; list the routing rules (an empty list routes nothing) [E_CONFIG_MISSING]" },
  {
    name: "a bad regex, naming rule and alternative",
    configuration: { rules: [{ route: [{ destination: "v1" }] }, { route: [{ destination: "v1" }] }, { match: [{ uri: { regex: "(a" } }], route: [{ destination: "v2" }] }] },
    line: "rules[2].match[0].uri.regex: invalid regex \"(a\" at position 0: missing closing ) for the group at position 0 [missing-paren]; close the group with ')' or escape the '(' as '\\(' [E_CONFIG_REGEX]",
    documented: true,
  },
  {
    name: "a regex needing backtracking (lookahead)",
    configuration: { rules: [{ match: [{ headers: { "x-user": { regex: "(?=a)a" } } }], route: [{ destination: "v1" }] }] },
    line: "rules[0].match[0].headers.x-user.regex: invalid regex",
  },
  {
    name: "weights not summing to 100",
    configuration: { rules: [{ route: [{ destination: "v1", weight: 80 }, { destination: "v2", weight: 10 }] }] },
    line: "rules[0].route: weights sum to 90, expected 100 [E_ROUTE_WEIGHTS]",
    documented: true,
  },
  {
    name: "a weight out of range",
    configuration: { rules: [{ route: [{ destination: "v1", weight: 101 }] }] },
    line: "rules[0].route[0].weight: expected an integer from 0 to 100, got 101 [E_CONFIG_RANGE]",
  },
  {
    name: "a missing weight among several destinations",
    configuration: { rules: [{ route: [{ destination: "v1", weight: 100 }, { destination: "v2" }] }] },
    line: "rules[0].route[1].weight: missing",
  },
  {
    name: "a rule with no action",
    configuration: { rules: [{ route: [{ destination: "v1" }] }, { name: "idle", match: [{ uri: { prefix: "/" } }] }] },
    line: "rules[1]: rule has no action; give it route, headers, rewrite, redirect or directResponse [E_ROUTE_NO_ACTION]",
    documented: true,
  },
  {
    name: "a redirect together with a route",
    configuration: { rules: [{ redirect: { uri: "/x" }, route: [{ destination: "v1" }] }] },
    line: "rules[0].redirect: redirect answers the request itself",
  },
  {
    name: "an unsupported redirect code",
    configuration: { rules: [{ redirect: { uri: "/x", redirectCode: 305 } }] },
    line: "rules[0].redirect.redirectCode: expected one of 301, 302, 303, 307, 308, got 305 [E_CONFIG_ENUM]",
  },
  {
    name: "a pseudo-header edit",
    configuration: { rules: [{ headers: { request: { set: { ":path": "/x" } } } }] },
    line: 'rules[0].headers.request.set[":path"]: pseudo-header ":path" cannot be edited here; use rewrite for :path and :authority [E_CONFIG_HEADER_NAME]',
  },
  { name: "text that is not JSON", configuration: "{rules: []}", line: "(root): unexpected 'r' at line 1, column 2, expected a member name [E_JSON_SYNTAX]" },
];

describe("routing-headers documented error lines", () => {
  it("quotes the filter's own refusal lines verbatim", () => {
    const documented = refusals.filter((refusal) => refusal.documented);
    expect(documented.length).toBeGreaterThanOrEqual(3);
    for (const refusal of documented) expect(readDoc()).toContain(`routing-headers: ${refusal.line}\n`);
  });
});

describe.each(scenarioBackends())("routing-headers onConfigure on $name", (backend) => {
  describe.each(docExamples(readDoc()).map((example, index) => ({ index, example })))("doc example $index", ({ example }) => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start({ filters: [routingHeaders(example as object)], upstreams: { v1: "echo", v2: "echo" }, clusterHeader: "x-route-destination" });
    });
    afterAll(async () => {
      await target?.stop();
    });

    it("is accepted and serves requests", async () => {
      const response = await target.request({ path: "/" });
      expect(response.status).toBeLessThan(500);
      expect((await target.wasmLogs()).filter((line) => line.startsWith("routing-headers:"))).toEqual([]);
    });
  });

  it.each(refusals)("refuses $name with one log line", async ({ configuration, line }) => {
    const started = backend.start({ filters: [routingHeaders(configuration)] });
    const error = await started.then(
      async (target) => {
        await target.stop();
        return undefined;
      },
      (caught: unknown) => caught as Error,
    );
    expect(error, "the configuration was accepted").toBeInstanceOf(Error);
    const message = error!.message;
    expect(message).toContain(`routing-headers: ${line}`);
    expect(message.split("\n").filter((text) => text.includes("routing-headers: ")).length).toBe(1);
  });
});
