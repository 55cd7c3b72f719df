// The documented contract kept true: the docs' configuration table lists every
// schema field, and telemetryStatsTags' rules behave as Envoy's tag extraction
// will apply them (first group cut from the name, second group the value).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { telemetryLabelNames, telemetryStatsTags } from "../../src/index.ts";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const schema = JSON.parse(readFileSync(path.join(root, "schemas", "telemetry.schema.json"), "utf8")) as SchemaNode;
const docs = readFileSync(path.join(root, "docs", "telemetry.md"), "utf8");

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
}

function fieldPaths(node: SchemaNode, prefix = ""): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => [prefix + name, ...fieldPaths(child, `${prefix}${name}.`)]);
}

describe("telemetry documentation and schema", () => {
  const documented = new Set([...docs.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((match) => match[1]));

  it("has one configuration table row per schema field, and no other", () => {
    const fields = fieldPaths(schema);
    expect(fields.length).toBeGreaterThan(15);
    expect([...documented].filter((name) => !name.includes("[") && /^(metrics|tracing|accessLog|claims)\b/.test(name)).sort()).toEqual(fields.sort());
  });
});

describe("telemetryStatsTags", () => {
  const config = { metrics: { dimensions: { team: 'request.headers["x-team"]', tier: "request.path" } } };
  const name = "wasmcustom.response_code=.=503;.;request_method=.=GET;.;request_protocol=.=HTTP/1.1;.;source_workload=.=a.b;.;destination_workload=.=unknown;.;team=.=payments;.;tier=.=gold;.;envoyscript_requests_total";

  /** Applies the rules the way Envoy does: every rule on the full name, then the cut groups removed. */
  function extract(statName: string): { name: string; tags: Record<string, string> } {
    const tags: Record<string, string> = {};
    const cuts: [number, number][] = [];
    for (const rule of telemetryStatsTags(config)) {
      const match = new RegExp(rule.regex, "d").exec(statName);
      if (!match?.indices?.[1]) continue;
      tags[rule.tag_name] = match[2] ?? match[1]!;
      cuts.push(match.indices[1]);
    }
    let kept = "";
    for (let i = 0; i < statName.length; i++) if (!cuts.some(([from, to]) => i >= from && i < to)) kept += statName[i];
    return { name: kept, tags };
  }

  it("lists the built-in labels, then the custom dimensions in order", () => {
    expect(telemetryLabelNames(config)).toEqual(["response_code", "request_method", "request_protocol", "source_workload", "destination_workload", "team", "tier"]);
    expect(telemetryStatsTags({}).map((rule) => rule.tag_name)).toHaveLength(5);
  });

  it("cuts every label segment out and leaves the metric name", () => {
    const extracted = extract(name);
    expect(extracted.name).toBe("wasmcustom.envoyscript_requests_total");
    expect(extracted.tags).toEqual({
      response_code: "503",
      request_method: "GET",
      request_protocol: "HTTP/1.1",
      source_workload: "a.b",
      destination_workload: "unknown",
      team: "payments",
      tier: "gold",
    });
  });

  it("ignores every stat outside the wasmcustom namespace", () => {
    expect(extract("cluster.backend.response_code=.=200;.;upstream_rq").tags).toEqual({});
  });

  it("refuses a label name that would make an invalid rule", () => {
    expect(() => telemetryStatsTags({ metrics: { dimensions: { "Bad-Name": "request.path" } } })).toThrow(/Bad-Name/);
  });
});
