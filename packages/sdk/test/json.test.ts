import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

describe("JSON reader", () => {
  it("parses nested documents and writes them back compactly", () => {
    expect(probe.run("parse", ' { "a" : [1, 2.5, -3e2, true, false, null], "b": {"c": "d"} } ')).toBe(
      'ok {"a":[1,2.5,-300,true,false,null],"b":{"c":"d"}}',
    );
  });

  it("decodes escapes, including surrogate pairs", () => {
    expect(probe.run("parse", '"tab\\t quote\\" slash\\/ \\u00e9 \\ud83d\\ude00"')).toBe('ok "tab\\t quote\\" slash/ é 😀"');
    expect(probe.run("parse", '"\\"only escapes\\n\\\\"')).toBe('ok "\\"only escapes\\n\\\\"');
    expect(probe.run("parse", '"\\n\\n"')).toBe('ok "\\n\\n"');
  });

  it.each([
    ["", "E_JSON_SYNTAX"],
    ["{", "E_JSON_SYNTAX"],
    ['{"a" 1}', "E_JSON_SYNTAX"],
    ["[1,]", "E_JSON_SYNTAX"],
    ["01", "E_JSON_SYNTAX"],
    ["1.", "E_JSON_SYNTAX"],
    ['"unterminated', "E_JSON_SYNTAX"],
    ['"bad \\x escape"', "E_JSON_SYNTAX"],
    ['"\\u12"', "E_JSON_SYNTAX"],
    ["tru", "E_JSON_SYNTAX"],
    ["{} trailing", "E_JSON_SYNTAX"],
    ["1e400", "E_CONFIG_RANGE"],
    ["-1e99999", "E_CONFIG_RANGE"],
  ])("refuses %j with %s", (input, code) => {
    expect(probe.run("parse", input)).toMatch(new RegExp(`^error ${code} `));
  });

  it("refuses raw control characters inside strings", () => {
    expect(probe.run("parse", '"a\nb"')).toMatch(/^error E_JSON_SYNTAX .*control character/);
  });

  it("refuses invalid UTF-8 and names the byte offset", () => {
    const overlong = new Uint8Array([0x22, 0x61, 0xc0, 0xaf, 0x22]);
    expect(probe.run("parse", overlong)).toBe("error E_JSON_UTF8 (root): invalid UTF-8 at byte 2 [E_JSON_UTF8]");
    expect(probe.run("parse", new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]))).toMatch(/^error E_JSON_UTF8/); // surrogate
    expect(probe.run("parse", new Uint8Array([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]))).toMatch(/^error E_JSON_UTF8/); // > U+10FFFF
    expect(probe.run("parse", new Uint8Array([0x22, 0xe2, 0x82]))).toMatch(/^error E_JSON_UTF8/); // truncated
  });

  it("limits nesting depth instead of overflowing the stack", () => {
    expect(probe.run("parse", "[".repeat(64) + "]".repeat(64))).toMatch(/^ok /);
    expect(probe.run("parse", "[".repeat(65) + "]".repeat(65))).toMatch(/^error E_JSON_DEPTH .*nested deeper than 64/);
    expect(probe.run("parse", "[".repeat(100_000))).toMatch(/^error E_JSON_DEPTH/);
  });

  it("survives hostile inputs without trapping", () => {
    const samples = ['{"a":', "[[[[", '"\\', "-", "1e", '{"a":1,,}', "\u0000", '{"\\ud800":1}', "9".repeat(5000)];
    for (const sample of samples) expect(() => probe.run("parse", sample)).not.toThrow();
    expect(probe.run("parse", '{"\\ud800":1}')).toMatch(/^ok /);
  });
});

describe("syntax errors", () => {
  it("name the line and column where the text goes wrong, and the field being read", () => {
    expect(probe.run("parse", '{\n  "a": 1,\n  "b": }')).toBe("error E_JSON_SYNTAX b: unexpected '}' at line 3, column 8, expected a value [E_JSON_SYNTAX]");
    expect(probe.run("parse", "{delay")).toBe("error E_JSON_SYNTAX (root): unexpected 'd' at line 1, column 2, expected a member name [E_JSON_SYNTAX]");
    expect(probe.run("parse", '{"a": [1, 2')).toBe("error E_JSON_SYNTAX a: unexpected end of input at line 1, column 12, expected ',' or ']' [E_JSON_SYNTAX]");
    expect(probe.run("parse", '{"a": {"é": "x\n"}}')).toMatch(/^error E_JSON_SYNTAX a\["é"\]: control character in a string \(escape it\) at line 1, column 15 /);
  });
});

describe("configuration reader", () => {
  it("reads fields with defaults", () => {
    expect(probe.run("readConfig", '{"name": "edge", "tags": ["a", "b"], "upstream": {"cluster": "backend"}, "timeout": "1.5s"}')).toBe(
      "ok name=edge;greeting=world;limit=10;tags=a|b;debug=false;mode=allow;cluster=backend;timeoutMs=1500",
    );
  });

  it("refuses in one format, `<filter>: <path>: <reason> [<CODE>]`, naming the field and quoting the value", () => {
    expect(probe.run("readConfig", '{"name": "x", "greeting": 42}')).toBe("error E_CONFIG_TYPE probe: greeting: expected a string, got 42 [E_CONFIG_TYPE]");
    expect(probe.run("readConfig", '{"name": "x", "tags": ["a", 7]}')).toBe("error E_CONFIG_TYPE probe: tags[1]: expected a string, got 7 [E_CONFIG_TYPE]");
    expect(probe.run("readConfig", '{"name": "x", "upstream": {"cluster": false}}')).toBe("error E_CONFIG_TYPE probe: upstream.cluster: expected a string, got false [E_CONFIG_TYPE]");
    expect(probe.run("readConfig", "[]")).toBe("error E_CONFIG_TYPE probe: (root): expected an object, got an array [E_CONFIG_TYPE]");
  });

  it("refuses an unknown field, suggesting the nearest known one and listing them all", () => {
    expect(probe.run("readConfig", '{"name": "x", "greting": "hi"}')).toBe(
      'error E_CONFIG_UNKNOWN_FIELD probe: greting: unknown field "greting"; did you mean "greeting"? expected one of name, greeting, limit, tags, debug, mode, upstream, timeout [E_CONFIG_UNKNOWN_FIELD]',
    );
    expect(probe.run("readConfig", '{"name": "x", "upstream": {"clusterName": "a"}}')).toMatch(/^error E_CONFIG_UNKNOWN_FIELD probe: upstream\.clusterName: unknown field "clusterName"; did you mean "cluster"\? expected one of cluster \[E_CONFIG_UNKNOWN_FIELD\]$/);
  });

  it("reports missing required fields, ranges, non-integers, enums and durations", () => {
    expect(probe.run("readConfig", "{}")).toBe("error E_CONFIG_MISSING probe: name: required field is missing [E_CONFIG_MISSING]");
    expect(probe.run("readConfig", '{"name": "x", "limit": 1000}')).toBe("error E_CONFIG_RANGE probe: limit: expected an integer from 1 to 100, got 1000 [E_CONFIG_RANGE]");
    expect(probe.run("readConfig", '{"name": "x", "limit": 2.5}')).toBe("error E_CONFIG_TYPE probe: limit: expected an integer, got 2.5 [E_CONFIG_TYPE]");
    expect(probe.run("readConfig", '{"name": "x", "mode": "maybe"}')).toBe('error E_CONFIG_ENUM probe: mode: expected one of allow, deny, got "maybe" [E_CONFIG_ENUM]');
    expect(probe.run("readConfig", '{"name": "x", "mode": "alow"}')).toBe('error E_CONFIG_ENUM probe: mode: expected one of allow, deny, got "alow"; did you mean "allow"? [E_CONFIG_ENUM]');
    expect(probe.run("readConfig", '{"name": "x", "timeout": "2d"}')).toBe('error E_CONFIG_DURATION probe: timeout: unknown unit; use ms, s, m or h, got "2d" [E_CONFIG_DURATION]');
    expect(probe.run("readConfig", '{"name": "x", "timeout": "-1s"}')).toBe('error E_CONFIG_DURATION probe: timeout: a duration cannot be negative, got "-1s" [E_CONFIG_DURATION]');
    expect(probe.run("readConfig", '{"name": "x", "timeout": "2m"}')).toBe('error E_CONFIG_RANGE probe: timeout: longer than the maximum of 1m, got "2m" [E_CONFIG_RANGE]');
    expect(probe.run("readConfig", '{"name": "x", "timeout": "99999999999999999999h"}')).toMatch(/^error E_CONFIG_RANGE /);
  });

  it("treats an empty configuration as an empty object and reports syntax errors with their path and position", () => {
    expect(probe.run("readConfig", "  ")).toBe("error E_CONFIG_MISSING probe: name: required field is missing [E_CONFIG_MISSING]");
    expect(probe.run("readConfig", '{"name": "x", "upstream": {"cluster": }}')).toBe(
      "error E_JSON_SYNTAX probe: upstream.cluster: unexpected '}' at line 1, column 39, expected a value [E_JSON_SYNTAX]",
    );
  });
});
