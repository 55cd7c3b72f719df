// One error format for every filter: each of the four is fed the same
// classes of bad configuration (text that is not JSON, an unknown field one
// letter off a known one, a wrong type, a number out of range) and must
// refuse it with one line, `<filter>: <path>: <reason> [<CODE>]`, naming the
// field and using the SDK's generic code. The docs keep their own codes true:
// each filter's "Errors" table lists exactly the codes its source uses beyond
// the SDK's generic ones, and every line a doc quotes has the one format.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scenarioBackends } from "@envoyscript/testkit";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const sdkDir = path.join(packageDir, "..", "sdk");

/**
 * `<filter>: <path>: <reason> [<CODE>]`. The path has no spaces (but in
 * quoted member names) and never starts with `$`; `(root)` is the document.
 */
const LINE = /^([a-z][a-z-]*): (\(root\)|[^\s$](?:[^\s"]|"(?:[^"\\]|\\.)*")*): (.+) \[(E_[A-Z0-9_]+)\]$/;

interface ErrorClass {
  readonly configuration: object | string;
  readonly path: string;
  readonly code: string;
  /** Text the reason must contain. */
  readonly reason: string;
}

interface FilterCases {
  readonly filter: string;
  readonly syntax: ErrorClass;
  readonly unknownField: ErrorClass;
  readonly wrongType: ErrorClass;
  readonly outOfRange: ErrorClass;
}

const ISSUER = "https://issuer.example.com";
const HMAC = Buffer.alloc(32, 7).toString("base64");

const FILTERS: FilterCases[] = [
  {
    filter: "routing-headers",
    syntax: { configuration: '{"rules": [}', path: "rules[0]", code: "E_JSON_SYNTAX", reason: "unexpected '}' at line 1, column 12, expected a value" },
    unknownField: { configuration: { rules: [], destinationHedaer: "x-to" }, path: "destinationHedaer", code: "E_CONFIG_UNKNOWN_FIELD", reason: 'did you mean "destinationHeader"?' },
    wrongType: { configuration: { rules: [], trustIncomingDestination: "yes" }, path: "trustIncomingDestination", code: "E_CONFIG_TYPE", reason: 'expected a boolean, got "yes"' },
    outOfRange: { configuration: { rules: [{ route: [{ destination: "v1", weight: 101 }] }] }, path: "rules[0].route[0].weight", code: "E_CONFIG_RANGE", reason: "from 0 to 100, got 101" },
  },
  {
    filter: "fault-injection",
    syntax: { configuration: '{"delay": {"fixedDelayMs": 10,}}', path: "delay", code: "E_JSON_SYNTAX", reason: "unexpected '}' at line 1, column 31, expected a member name" },
    unknownField: { configuration: { delay: { fixedDelayMs: 10, percentag: 5 } }, path: "delay.percentag", code: "E_CONFIG_UNKNOWN_FIELD", reason: 'did you mean "percentage"?' },
    wrongType: { configuration: { delay: { fixedDelayMs: "10" } }, path: "delay.fixedDelayMs", code: "E_CONFIG_TYPE", reason: 'expected an integer, got "10"' },
    outOfRange: { configuration: { abort: { httpStatus: 700 } }, path: "abort.httpStatus", code: "E_CONFIG_RANGE", reason: "from 200 to 599, got 700" },
  },
  {
    filter: "jwt-authz",
    syntax: { configuration: `{"jwtRules": [{"issuer": "${ISSUER}" "hmacSecret": "${HMAC}"}]}`, path: "jwtRules[0]", code: "E_JSON_SYNTAX", reason: "unexpected '\"' at line 1, column 55, expected ',' or '}'" },
    unknownField: { configuration: { jwtRules: [{ issuer: ISSUER, hmacSecret: HMAC, audience: ["api"] }] }, path: "jwtRules[0].audience", code: "E_CONFIG_UNKNOWN_FIELD", reason: 'did you mean "audiences"?' },
    wrongType: { configuration: { tokenCacheSize: "big" }, path: "tokenCacheSize", code: "E_CONFIG_TYPE", reason: 'expected an integer, got "big"' },
    outOfRange: { configuration: { jwtRules: [{ issuer: ISSUER, hmacSecret: HMAC, clockSkewSeconds: -1 }] }, path: "jwtRules[0].clockSkewSeconds", code: "E_CONFIG_RANGE", reason: "from 0 to 86400, got -1" },
  },
  {
    filter: "telemetry",
    syntax: { configuration: '{"metrics": {"enabled": tru}}', path: "metrics.enabled", code: "E_JSON_SYNTAX", reason: "unexpected 't' at line 1, column 25, expected a value" },
    unknownField: { configuration: { metrics: { dimensons: {} } }, path: "metrics.dimensons", code: "E_CONFIG_UNKNOWN_FIELD", reason: 'did you mean "dimensions"?' },
    wrongType: { configuration: { tracing: { enabled: "yes" } }, path: "tracing.enabled", code: "E_CONFIG_TYPE", reason: 'expected a boolean, got "yes"' },
    outOfRange: { configuration: { tracing: { samplingPercentage: 150 } }, path: "tracing.samplingPercentage", code: "E_CONFIG_RANGE", reason: "from 0 to 100, got 150" },
  },
];

const CLASSES = ["syntax", "unknownField", "wrongType", "outOfRange"] as const;
const CASES = FILTERS.flatMap((filter) => CLASSES.map((kind) => ({ filter: filter.filter, kind, ...filter[kind] })));

describe.each(scenarioBackends())("configuration errors on $name", (backend) => {
  it.each(CASES)("$filter refuses $kind in the one format", async ({ filter, configuration, path: field, code, reason }) => {
    const module = path.join(packageDir, "build", `${filter}.wasm`);
    const error = await backend.start({ filters: [{ module, rootId: filter, configuration }] }).then(
      async (target) => (await target.stop(), undefined),
      (caught: unknown) => caught as Error,
    );
    expect(error, "the configuration was accepted").toBeInstanceOf(Error);
    const lines = error!.message.split("\n").map((line) => line.slice(line.indexOf(`${filter}: `))).filter((line) => line.startsWith(`${filter}: `));
    expect(lines, error!.message).toHaveLength(1);
    const parsed = LINE.exec(lines[0]!);
    expect(parsed, lines[0]).not.toBeNull();
    const [, name, linePath, lineReason, lineCode] = parsed!;
    expect({ name, path: linePath, code: lineCode }).toEqual({ name: filter, path: field, code });
    expect(lineReason).toContain(reason);
    if (code === "E_CONFIG_UNKNOWN_FIELD") expect(lineReason).toMatch(/^unknown field "[^"]+"; did you mean "[^"]+"\? expected one of /);
  });
});

/** The generic codes: the SDK's ConfigErrorCode, listed in its README. */
function genericCodes(): string[] {
  return [...readFileSync(path.join(sdkDir, "assembly", "config", "error.ts"), "utf8").matchAll(/= "(E_[A-Z0-9_]+)"/g)].map((match) => match[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The codes a filter's source uses beyond the generic ones. */
function ownCodes(filter: string): string[] {
  const generic = new Set(genericCodes());
  const codes = new Set<string>();
  for (const file of sourceFiles(path.join(packageDir, "assembly", filter))) {
    for (const match of readFileSync(file, "utf8").matchAll(/"(E_[A-Z0-9_]+)"/g)) if (!generic.has(match[1]!)) codes.add(match[1]!);
  }
  return [...codes].sort();
}

/** The "## Errors" section of a filter's doc. */
function errorsSection(filter: string): string {
  const doc = readFileSync(path.join(packageDir, "docs", `${filter}.md`), "utf8");
  const section = doc.split(/^## /m).find((part) => part.startsWith("Errors"));
  if (section === undefined) throw new Error(`docs/${filter}.md has no "## Errors" section`);
  return section;
}

describe("error codes in the docs", () => {
  it("the SDK's README lists exactly the generic codes", () => {
    const readme = readFileSync(path.join(sdkDir, "README.md"), "utf8");
    const table = [...readme.matchAll(/^\| `(E_[A-Z0-9_]+)` \|/gm)].map((match) => match[1]!);
    expect(table.sort()).toEqual(genericCodes().sort());
  });

  it.each(FILTERS.map(({ filter }) => filter))("%s documents exactly its own codes, and quotes lines in the one format", (filter) => {
    const section = errorsSection(filter);
    const table = [...section.matchAll(/^\| `(E_[A-Z0-9_]+)` \|/gm)].map((match) => match[1]!);
    expect(table.sort()).toEqual(ownCodes(filter));
    const quoted = section.split("\n").filter((line) => line.startsWith(`${filter}: `));
    expect(quoted.length).toBeGreaterThanOrEqual(1);
    const known = new Set([...genericCodes(), ...table]);
    for (const line of quoted) {
      const parsed = LINE.exec(line);
      expect(parsed, line).not.toBeNull();
      expect(known.has(parsed![4]!), line).toBe(true);
    }
  });
});
