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
    ["1e400", "E_JSON_RANGE"],
    ["-1e99999", "E_JSON_RANGE"],
  ])("refuses %j with %s", (input, code) => {
    expect(probe.run("parse", input)).toMatch(new RegExp(`^error ${code} `));
  });

  it("refuses raw control characters inside strings", () => {
    expect(probe.run("parse", '"a\nb"')).toMatch(/^error E_JSON_SYNTAX .*control character/);
  });

  it("refuses invalid UTF-8 and names the byte offset", () => {
    const overlong = new Uint8Array([0x22, 0x61, 0xc0, 0xaf, 0x22]);
    expect(probe.run("parse", overlong)).toBe("error E_JSON_UTF8 invalid configuration at $ (E_JSON_UTF8): invalid UTF-8 at byte 2");
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

describe("configuration reader", () => {
  it("reads fields with defaults", () => {
    expect(probe.run("readConfig", '{"name": "edge", "tags": ["a", "b"], "upstream": {"cluster": "backend"}}')).toBe(
      "ok name=edge;greeting=world;limit=10;tags=a|b;debug=false;mode=allow;cluster=backend",
    );
  });

  it("names the field path and quotes the value on a type error", () => {
    expect(probe.run("readConfig", '{"name": "x", "greeting": 42}')).toBe(
      "error E_JSON_TYPE invalid configuration at $.greeting (E_JSON_TYPE): expected a string, got 42",
    );
    expect(probe.run("readConfig", '{"name": "x", "tags": ["a", 7]}')).toBe(
      "error E_JSON_TYPE invalid configuration at $.tags[1] (E_JSON_TYPE): expected a string, got 7",
    );
    expect(probe.run("readConfig", '{"name": "x", "upstream": {"cluster": false}}')).toMatch(/at \$\.upstream\.cluster \(E_JSON_TYPE\)/);
  });

  it("reports missing required fields, ranges, non-integers and enums", () => {
    expect(probe.run("readConfig", "{}")).toBe("error E_JSON_MISSING invalid configuration at $.name (E_JSON_MISSING): required field is missing");
    expect(probe.run("readConfig", '{"name": "x", "limit": 1000}')).toBe(
      "error E_JSON_RANGE invalid configuration at $.limit (E_JSON_RANGE): expected a value between 1 and 100, got 1000",
    );
    expect(probe.run("readConfig", '{"name": "x", "limit": 2.5}')).toMatch(/at \$\.limit \(E_JSON_TYPE\): expected an integer, got 2.5/);
    expect(probe.run("readConfig", '{"name": "x", "mode": "maybe"}')).toMatch(/at \$\.mode \(E_JSON_INVALID\): expected one of allow, deny, got "maybe"/);
  });

  it("treats an empty configuration as an empty object and reports syntax errors with their path", () => {
    expect(probe.run("readConfig", "  ")).toBe("error E_JSON_MISSING invalid configuration at $.name (E_JSON_MISSING): required field is missing");
    expect(probe.run("readConfig", '{"name": "x", "upstream": {"cluster": }}')).toMatch(/^error E_JSON_SYNTAX invalid configuration at \$\.upstream\.cluster/);
  });
});
