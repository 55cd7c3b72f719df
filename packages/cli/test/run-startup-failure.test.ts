// How `run` words Envoy's failure to start: a filter's own error lines first
// when Envoy gave up on a wasm plugin, Envoy's reason otherwise, the log tail
// only when asked.
import { describe, expect, it } from "vitest";
import { EnvoyError } from "@envoyscript/testkit";
import { CliError } from "../src/errors.ts";
import { startupFailure } from "../src/run/startup-failure.ts";

const line = (level: string, component: string, text: string) => `[2026-01-01 00:00:00.000][1][${level}][${component}] [source/x.cc:1] ${text}`;
const filterLine = line("error", "wasm", "wasm log routing-headers /m/routing-headers.wasm: routing-headers: rules[0].route: weights sum to 95, expected 100 [E_ROUTE_WEIGHTS]");
const exited = (...tail: string[]) => new EnvoyError("E_ENVOY_EXITED", `Envoy exited before it was ready ({"exit":1,"signal":null}); log tail:\n${tail.join("\n")}`);

function word(error: unknown, verbose = false): { reported: string[]; message: string } {
  const reported: string[] = [];
  const result = startupFailure(error, verbose, (text) => void reported.push(text));
  return { reported, message: result instanceof CliError ? result.message : String(result) };
}

describe("startupFailure", () => {
  it("reports a filter's refusal first and alone, then points at it", () => {
    const { reported, message } = word(exited(line("info", "main", "loading 1 listener(s)"), filterLine, line("critical", "main", "error `Unable to create Wasm plugin routing-headers` initializing config '/r/bootstrap.yaml'")));
    expect(reported).toEqual(["routing-headers: rules[0].route: weights sum to 95, expected 100 [E_ROUTE_WEIGHTS]"]);
    expect(message).toBe("Envoy did not start: a filter refused to start (above); run again with --verbose for Envoy's log");
  });

  it("gives Envoy's own reason when Envoy failed for something else, even if a filter logged an error", () => {
    const { reported, message } = word(exited(filterLine, line("critical", "main", "error `cannot bind '127.0.0.1:1': Permission denied` initializing config '/r/bootstrap.yaml'")));
    expect(reported).toEqual([]);
    expect(message).toMatch(/^Envoy did not start: cannot bind '127\.0\.0\.1:1': Permission denied;/);
  });

  it("adds Envoy's log tail only with verbose", () => {
    const tail = [line("info", "main", "loading 1 listener(s)"), line("critical", "main", "error `Invalid path: /x.wasm` initializing config '/r/b.yaml'")];
    expect(word(exited(...tail)).message).not.toContain("loading 1 listener");
    expect(word(exited(...tail), true).message).toContain(`Envoy's log tail:\n${tail.join("\n")}`);
  });

  it("leaves other errors alone", () => {
    const other = new EnvoyError("E_PROVISION_FAILED", "no Go");
    expect(startupFailure(other, false, () => undefined)).toBe(other);
  });
});
